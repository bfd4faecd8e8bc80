"""Strings of the two training pages: "First network" (first.*) and "Live training" (train.*), and the shared
training panel (train.status.*, train.curve.*)."""

STRINGS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------------------------------
    "nav.first_network": {"en": "Your first network", "zh": "第一个神经网络"},
    "nav.first_network.summary": {
        "en": "One neuron learns y = x from five points, step by step; then a small network predicts a number "
        "from a real table, with live loss curves and its error in the data's own units.",
        "zh": "一个神经元从五个点一步步学会 y = x；再用一个小网络根据真实表格预测数值，"
        "实时查看损失曲线，并用数据本身的单位衡量误差。",
    },
    "nav.training": {"en": "Live training", "zh": "实时训练"},
    "nav.training.summary": {
        "en": "Pick the data and the network, press Train and watch it learn: live curves, a decision boundary "
        "that bends as it learns, the confusion matrix, its mistakes, its first-layer weights and the code.",
        "zh": "选择数据和网络，点击“训练”，看着它学习：实时曲线、随训练弯曲的决策边界、混淆矩阵、"
        "分错的样本、第一层权重，以及对应的代码。",
    },
    # -- shared training panel -------------------------------------------------------------------------------------
    "train.stop": {"en": "Stop", "zh": "停止"},
    "train.curve.train": {"en": "training", "zh": "训练集"},
    "train.curve.validation": {"en": "validation", "zh": "验证集"},
    "train.curve.epoch": {"en": "epoch", "zh": "轮次（epoch）"},
    "train.curve.loss": {"en": "Loss (cross-entropy)", "zh": "损失（交叉熵）"},
    "train.curve.accuracy": {"en": "Accuracy", "zh": "准确率"},
    "train.curve.loss_mse": {"en": "Loss (mean squared error, log scale)", "zh": "损失（均方误差，对数坐标）"},
    "train.curve.loss_mse_standardised": {
        "en": "Loss (MSE of the standardised target)",
        "zh": "损失（标准化目标的均方误差）",
    },
    "train.curve.mae_standardised": {
        "en": "Mean absolute error (standardised target)",
        "zh": "平均绝对误差（标准化目标）",
    },
    "train.status.queued_next": {
        "en": "Next in line: the training starts as soon as the current one finishes.",
        "zh": "排在下一位：当前训练结束后立即开始。",
    },
    "train.status.queued": {
        "en": "Waiting in the queue: {ahead} training(s) before this one. It starts by itself.",
        "zh": "正在排队：前面还有 {ahead} 个训练任务，轮到时会自动开始。",
    },
    "train.status.preparing": {"en": "Loading the data and building the model…", "zh": "正在加载数据并构建模型……"},
    "train.status.running": {
        "en": "Epoch {epoch} of {total} · {elapsed} so far",
        "zh": "第 {epoch} / {total} 轮 · 已用 {elapsed}",
    },
    "train.status.running_eta": {
        "en": "Epoch {epoch} of {total} · {elapsed} so far · about {eta} left",
        "zh": "第 {epoch} / {total} 轮 · 已用 {elapsed} · 预计还需 {eta}",
    },
    "train.status.shared": {
        "en": "{watchers} visitors are watching this same training: it runs once for all of you.",
        "zh": "共有 {watchers} 位访问者在看同一个训练：它只运行一次，大家共享。",
    },
    "train.status.first_epoch": {
        "en": "The curves appear after the first epoch.",
        "zh": "第一轮结束后会出现曲线。",
    },
    "train.status.finished": {
        "en": "Trained: {epochs} epochs in {seconds}. The model is kept in the model store: asking for the same "
        "settings again loads it at once.",
        "zh": "训练完成：{epochs} 轮，用时 {seconds}。模型已存入模型库：再次使用相同设置会立即加载。",
    },
    "train.status.from_store": {
        "en": "Loaded from the model store: trained earlier ({date}) in {seconds}, so it appears at once.",
        "zh": "已从模型库加载：此前（{date}）训练过，用时 {seconds}，所以立即可用。",
    },
    "train.status.from_bundle": {
        "en": "Ready at once: this model ships with the app. It was trained ahead of time ({date}, in {seconds}) by "
        "`{command}` on {data}.",
        "zh": "立即可用：这个模型随应用一起提供。它由 `{command}` 预先训练（{date}，用时 {seconds}），训练数据：{data}。",
    },
    "train.replay": {"en": "Replay the training", "zh": "回放训练过程"},
    "train.replay.help": {
        "en": "This result was trained earlier. Watch its curves grow again, epoch by epoch.",
        "zh": "这个结果是之前训练好的。逐轮重新观看它的曲线如何变化。",
    },
    "train.replay.progress": {"en": "Replay: epoch {epoch} of {total}", "zh": "回放：第 {epoch} / {total} 轮"},
    "train.again_live": {"en": "Train it again live", "zh": "重新实时训练"},
    "train.again_live.help": {
        "en": "Train the same network from scratch now and watch it learn (the result replaces the stored one).",
        "zh": "现在从头训练同一个网络并观看它学习（结果会替换已保存的模型）。",
    },
    "train.status.not_stored": {
        "en": "The model could not be written to the model store (disk full or read-only?): it works for now and "
        "will be trained again after a restart.",
        "zh": "模型无法写入模型库（磁盘已满或只读？）：现在可以使用，重启后会重新训练。",
    },
    "train.status.stopped": {
        "en": "Stopped after {epochs} epoch(s). Nothing was kept: press Train to start again.",
        "zh": "已在第 {epochs} 轮后停止，没有保存任何结果：点击“训练”重新开始。",
    },
    "train.status.shutdown": {
        "en": "The server restarted while this was training. Press Train to start again.",
        "zh": "训练期间服务器重启了。点击“训练”重新开始。",
    },
    "train.status.nan": {
        "en": "The loss became NaN (not a number) at epoch {epoch}, batch {batch}: the learning rate ({rate}) is "
        "probably too high, so each step overshoots. Try {suggestion}.",
        "zh": "损失在第 {epoch} 轮第 {batch} 个批次变成了 NaN（不是数字）：学习率（{rate}）可能太大，"
        "每一步都冲过了头。试试 {suggestion}。",
    },
    "train.status.exploded": {
        "en": "The loss exploded at epoch {epoch}, batch {batch}: the learning rate ({rate}) is probably too high, "
        "so each step overshoots further. Try {suggestion}.",
        "zh": "损失在第 {epoch} 轮第 {batch} 个批次发散了：学习率（{rate}）可能太大，每一步都越冲越远。"
        "试试 {suggestion}。",
    },
    "train.status.dataset_unavailable": {
        "en": "This data set can't be loaded here: {message}",
        "zh": "这里无法加载该数据集：{message}",
    },
    "train.status.internal_error": {
        "en": "The training stopped because of an unexpected error. The details are in the server's log; "
        "try other settings.",
        "zh": "训练因意外错误而停止。详细信息记录在服务器日志中；请换一组设置再试。",
    },
    # -- figures ---------------------------------------------------------------------------------------------------
    "train.boundary.probability": {"en": "P({name})", "zh": "P（{name}）"},
    "train.boundary.line": {"en": "decision boundary (p = 0.5)", "zh": "决策边界（p = 0.5）"},
    "train.boundary.test_points": {"en": "{name} (test)", "zh": "{name}（测试）"},
    "train.boundary.live_caption": {
        "en": "Redrawn after every epoch: the colour is the class the network would give a point at that place, "
        "paler where it hesitates. Watch the boundary bend around the data as the loss falls.",
        "zh": "每一轮结束后重新绘制：底色表示网络会把该位置的点判为哪一类，越浅表示越犹豫。"
        "随着损失下降，看决策边界如何弯曲着包住数据。",
    },
    "train.boundary.mistakes": {"en": "misclassified test point", "zh": "分错的测试点"},
    "train.boundary.title_epoch": {
        "en": "What the network predicts everywhere, after epoch {epoch}",
        "zh": "第 {epoch} 轮后，网络在平面上每一处的预测",
    },
    "train.confusion.hover": {
        "en": "true: %{y}<br>predicted: %{x}<br>%{z} examples",
        "zh": "真实：%{y}<br>预测：%{x}<br>%{z} 个样本",
    },
    "train.confusion.count": {"en": "examples", "zh": "样本数"},
    "train.confusion.predicted": {"en": "predicted class", "zh": "预测类别"},
    "train.confusion.true": {"en": "true class", "zh": "真实类别"},
    # -- live training page ----------------------------------------------------------------------------------------
    "train.title": {"en": "Live training", "zh": "实时训练"},
    "train.intro": {
        "en": "Choose the data and the network, then press **Train**: the training runs on the server while you "
        "watch the loss fall and the accuracy rise. When it ends, look at what it learned and what it still gets "
        "wrong, and take the code home.",
        "zh": "选择数据和网络，然后点击 **训练**：训练在服务器上运行，你可以看着损失下降、准确率上升。"
        "训练结束后，看看它学到了什么、还会犯哪些错，并把代码带回家。",
    },
    "train.data.header": {"en": "1. The data", "zh": "1. 数据"},
    "train.data.choose": {"en": "Data set", "zh": "数据集"},
    "train.data.choose.help": {
        "en": "Images of digits or clothes, or points in the plane (as in TensorFlow Playground).",
        "zh": "数字或服装的图片，或平面上的点（类似 TensorFlow Playground）。",
    },
    "train.data.mnist": {"en": "MNIST handwritten digits (28×28)", "zh": "MNIST 手写数字（28×28）"},
    "train.data.fashion_mnist": {"en": "Fashion-MNIST clothes (28×28)", "zh": "Fashion-MNIST 服装（28×28）"},
    "train.data.digits": {"en": "Small digits (8×8)", "zh": "小尺寸数字（8×8）"},
    "train.data.cifar10": {"en": "CIFAR-10 color photos (32×32)", "zh": "CIFAR-10 彩色照片（32×32）"},
    "train.data.circles": {"en": "2-D: circles", "zh": "二维：同心圆"},
    "train.data.xor": {"en": "2-D: XOR", "zh": "二维：异或（XOR）"},
    "train.data.spirals": {"en": "2-D: two spirals", "zh": "二维：双螺旋"},
    "train.data.blobs": {"en": "2-D: Gaussian blobs", "zh": "二维：高斯团簇"},
    "train.data.needs_download": {"en": " — needs a download", "zh": "（需要下载）"},
    "train.data.cifar_offline": {
        "en": "CIFAR-10 needs a 170 MB download and this server is offline. Pick MNIST, Fashion-MNIST or the "
        "small digits, which work without internet.",
        "zh": "CIFAR-10 需要下载 170 MB，而这台服务器处于离线状态。请选择 MNIST、Fashion-MNIST 或小尺寸数字，"
        "它们无需联网即可使用。",
    },
    "train.data.cifar_engine": {
        "en": "CIFAR-10 can be downloaded here, but the training engine does not train color photos yet. "
        "Pick MNIST, Fashion-MNIST or the small digits.",
        "zh": "这里可以下载 CIFAR-10，但训练引擎暂时还不支持彩色照片。请选择 MNIST、Fashion-MNIST 或小尺寸数字。",
    },
    "train.data.noise": {"en": "Noise", "zh": "噪声"},
    "train.data.noise.help": {
        "en": "How much the points are jittered around the clean shape: more noise, blurrier classes.",
        "zh": "点围绕理想形状的抖动程度：噪声越大，类别之间越模糊。",
    },
    "train.data.test_fraction": {"en": "Share kept for testing", "zh": "测试集比例"},
    "train.data.test_fraction.help": {
        "en": "These points are never trained on: the test accuracy is measured on them at the end.",
        "zh": "这些点从不参与训练：最后用它们来计算测试准确率。",
    },
    "train.data.points": {"en": "Number of points", "zh": "点的数量"},
    "train.data.limit": {"en": "Training images", "zh": "训练图片数量"},
    "train.data.limit.help": {
        "en": "Fewer images train faster (good on a small server); all of them reach a higher accuracy.",
        "zh": "图片越少训练越快（适合小服务器）；全部使用则准确率更高。",
    },
    "train.data.all_images": {"en": "all ({count})", "zh": "全部（{count}）"},
    "train.data.in_use": {
        "en": "Data: **{name}**, {size}, from {source} ({where}).",
        "zh": "数据：**{name}**，{size}，来源：{source}（{where}）。",
    },
    "train.data.online": {"en": "downloaded", "zh": "已下载"},
    "train.data.offline": {"en": "built in, works offline", "zh": "内置，离线可用"},
    "train.data.toy_in_use": {
        "en": "Data: **{name}**, {points} points generated here with scikit-learn / NumPy (noise {noise}, fixed "
        "seed): {train} to train on, {validation} for the validation curve, {test} for the final test.",
        "zh": "数据：**{name}**，在本机用 scikit-learn / NumPy 生成的 {points} 个点（噪声 {noise}，固定随机种子）："
        "{train} 个用于训练，{validation} 个用于验证曲线，{test} 个用于最终测试。",
    },
    "train.data.preview": {"en": "Look at the data", "zh": "看看数据"},
    "train.class.outer_ring": {"en": "outer ring", "zh": "外圈"},
    "train.class.inner_ring": {"en": "inner ring", "zh": "内圈"},
    "train.class.opposite_signs": {"en": "opposite signs", "zh": "异号"},
    "train.class.same_sign": {"en": "same sign", "zh": "同号"},
    "train.class.spiral_a": {"en": "spiral A", "zh": "螺旋 A"},
    "train.class.spiral_b": {"en": "spiral B", "zh": "螺旋 B"},
    "train.class.blob_a": {"en": "blob A", "zh": "团簇 A"},
    "train.class.blob_b": {"en": "blob B", "zh": "团簇 B"},
    "train.class.blob_c": {"en": "blob C", "zh": "团簇 C"},
    "train.class.tshirt": {"en": "T-shirt/top", "zh": "T恤/上衣"},
    "train.class.trouser": {"en": "Trouser", "zh": "裤子"},
    "train.class.pullover": {"en": "Pullover", "zh": "套头衫"},
    "train.class.dress": {"en": "Dress", "zh": "连衣裙"},
    "train.class.coat": {"en": "Coat", "zh": "外套"},
    "train.class.sandal": {"en": "Sandal", "zh": "凉鞋"},
    "train.class.shirt": {"en": "Shirt", "zh": "衬衫"},
    "train.class.sneaker": {"en": "Sneaker", "zh": "运动鞋"},
    "train.class.bag": {"en": "Bag", "zh": "包"},
    "train.class.ankle_boot": {"en": "Ankle boot", "zh": "短靴"},
    "train.model.header": {"en": "2. The network and how it learns", "zh": "2. 网络结构与学习方式"},
    "train.model.kind": {"en": "Network", "zh": "网络类型"},
    "train.model.mlp": {"en": "Fully connected (the course's MLP)", "zh": "全连接网络（课程中的 MLP）"},
    "train.model.cnn": {"en": "Small convolutional network (CNN)", "zh": "小型卷积网络（CNN）"},
    "train.model.cnn_layers": {
        "en": "Layers: {layers} → Dense softmax. Convolutions look at small patches, so they need far fewer "
        "weights per layer than Dense layers on raw pixels.",
        "zh": "网络层：{layers} → Dense softmax。卷积只看局部小块，所以每层需要的权重远少于直接作用在像素上的 Dense 层。",
    },
    "train.model.hidden_layers": {"en": "Hidden layers", "zh": "隐藏层数量"},
    "train.model.hidden_layers.help": {
        "en": "Dense layers between the input and the softmax output. The course's MLP has one (128 units, ReLU, "
        "then Dropout 0.5).",
        "zh": "输入和 softmax 输出之间的 Dense 层。课程中的 MLP 有一层（128 个单元、ReLU，之后接 Dropout 0.5）。",
    },
    "train.model.no_hidden": {
        "en": "No hidden layer: the network is a single softmax layer (logistic regression). It can only draw "
        "straight boundaries between classes: fine for blobs, hopeless for circles or spirals.",
        "zh": "没有隐藏层：网络只剩一个 softmax 层（即逻辑回归），只能在类别之间画直线边界："
        "对付高斯团簇尚可，对同心圆或双螺旋则无能为力。",
    },
    "train.model.units": {"en": "Layer {number}: units", "zh": "第 {number} 层：单元数"},
    "train.model.activation": {"en": "Layer {number}: activation", "zh": "第 {number} 层：激活函数"},
    "train.model.dropout": {"en": "Layer {number}: dropout after it", "zh": "第 {number} 层：之后的 Dropout"},
    "train.model.dropout.help": {
        "en": "During training, this share of the layer's outputs is set to zero at random, so the network can't "
        "rely on any single unit. 0 = no Dropout layer.",
        "zh": "训练时随机把该层这一比例的输出置零，使网络不能依赖任何单个单元。0 表示不加 Dropout 层。",
    },
    "train.model.linear": {"en": "linear (none)", "zh": "线性（无激活）"},
    "train.model.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "train.opt.sgd": {"en": "SGD", "zh": "SGD（随机梯度下降）"},
    "train.opt.sgd_momentum": {"en": "SGD + momentum (0.9)", "zh": "SGD + 动量（0.9）"},
    "train.opt.rmsprop": {"en": "RMSprop", "zh": "RMSprop"},
    "train.opt.adam": {"en": "Adam", "zh": "Adam"},
    "train.model.learning_rate": {"en": "Learning rate", "zh": "学习率"},
    "train.model.learning_rate.help": {
        "en": "The size of each step down the loss. Too small: slow. Too large: the loss jumps around or explodes.",
        "zh": "沿损失下降方向每一步的大小。太小：学得慢；太大：损失来回跳动甚至发散。",
    },
    "train.model.batch_size": {"en": "Batch size", "zh": "批大小"},
    "train.model.batch_size.help": {
        "en": "How many examples each step averages its gradient over.",
        "zh": "每一步用多少个样本来平均梯度。",
    },
    "train.model.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "train.model.epochs.help": {
        "en": "How many times the training goes through all the training examples.",
        "zh": "训练要把全部训练样本完整过几遍。",
    },
    "train.run.header": {"en": "3. Training", "zh": "3. 训练"},
    "train.run.button": {"en": "Train", "zh": "训练"},
    "train.run.nothing_yet": {
        "en": "Nothing has been trained yet: choose your settings and press Train.",
        "zh": "还没有开始训练：选好设置后点击“训练”。",
    },
    "train.run.settings_changed": {
        "en": "You changed the settings since this training: press Train to train the new ones.",
        "zh": "你在这次训练之后修改了设置：点击“训练”来训练新设置。",
    },
    "train.run.shown": {"en": "Shown: {config}", "zh": "当前显示：{config}"},
    "train.results.header": {"en": "4. What it learned", "zh": "4. 它学到了什么"},
    "train.results.accuracy": {"en": "Test accuracy", "zh": "测试准确率"},
    "train.results.loss": {"en": "Test loss", "zh": "测试损失"},
    "train.results.test_count": {"en": "Test examples", "zh": "测试样本数"},
    "train.results.train_time": {"en": "Training time", "zh": "训练用时"},
    "train.results.boundary": {"en": "The decision boundary, epoch by epoch", "zh": "决策边界的逐轮变化"},
    "train.results.boundary.epoch": {"en": "Show the boundary after epoch", "zh": "显示第几轮后的边界"},
    "train.results.boundary.caption": {
        "en": "Dots: training points. Hollow diamonds: test points, never seen in training; crossed ones are "
        "misclassified ({wrong} of {total}). The colour is the class the network picks at each place, paler where "
        "it hesitates; with two classes, the black line is where both are equally likely.",
        "zh": "实心点：训练点。空心菱形：训练中从未见过的测试点；打叉的是分错的（{total} 个中有 {wrong} 个）。"
        "底色是网络在每个位置选择的类别，越浅表示越犹豫；只有两类时，黑线上两类的概率相等。",
    },
    "train.results.confusion": {"en": "Confusion matrix", "zh": "混淆矩阵"},
    "train.results.confusion.caption": {
        "en": "Each row is a true class, each column the class the network predicted: the diagonal counts the "
        "right answers, everything else is a mix-up.",
        "zh": "每一行是真实类别，每一列是网络预测的类别：对角线上是答对的数量，其余都是混淆。",
    },
    "train.results.mistakes": {"en": "Test images it got wrong", "zh": "分错的测试图片"},
    "train.results.mistake_caption": {"en": "{true} → {predicted}", "zh": "{true} → {predicted}"},
    "train.results.mistakes.caption": {
        "en": "Written as true class → predicted class; the {shown} mistakes it was most sure of, of {total} in all.",
        "zh": "格式为“真实类别 → 预测类别”；这里是它最有把握却分错的 {shown} 个，总共分错 {total} 个。",
    },
    "train.results.no_mistakes": {"en": "No test image is misclassified.", "zh": "没有分错的测试图片。"},
    "train.results.weights": {"en": "What the first layer looks for", "zh": "第一层在寻找什么"},
    "train.results.weights.unit": {"en": "unit {number}", "zh": "单元 {number}"},
    "train.results.weights.kernel": {"en": "filter {number}", "zh": "卷积核 {number}"},
    "train.results.weights.scale": {"en": "weight (scaled)", "zh": "权重（已缩放）"},
    "train.results.weights.dense_caption": {
        "en": "Each image is one unit of the first Dense layer: its weight on every pixel, blue positive, red "
        "negative, each scaled to its largest weight. A unit fires when ink falls on its blue pixels and not on "
        "its red ones. {shown} of {total} units.",
        "zh": "每张图是第一个 Dense 层中的一个单元：它对每个像素的权重，蓝色为正、红色为负，"
        "各自按最大权重缩放。墨迹落在蓝色像素而不在红色像素上时，该单元就会被激活。"
        "显示 {total} 个单元中的 {shown} 个。",
    },
    "train.results.weights.conv_caption": {
        "en": "Each image is one 3×3 filter of the first convolution, blue positive, red negative: small edge and "
        "stroke detectors slid over the whole image. {shown} of {total} filters.",
        "zh": "每张图是第一个卷积层的一个 3×3 卷积核，蓝色为正、红色为负：在整张图片上滑动的"
        "小型边缘和笔画检测器。显示 {total} 个卷积核中的 {shown} 个。",
    },
    "train.results.weights.none": {
        "en": "This network's input is not an image, so its weights can't be drawn as pictures.",
        "zh": "这个网络的输入不是图片，所以无法把它的权重画成图像。",
    },
    "train.results.download.header": {"en": "Take the model and the code home", "zh": "把模型和代码带回家"},
    "train.results.download": {"en": "Download the trained model (.keras)", "zh": "下载训练好的模型（.keras）"},
    "train.results.download.caption": {
        "en": 'Load it with `keras.saving.load_model("model.keras")`.',
        "zh": '用 `keras.saving.load_model("model.keras")` 加载。',
    },
    "train.results.code.caption": {
        "en": "A standalone Keras script for exactly these settings: it loads the same data, builds the same "
        "network, trains and evaluates it. Paste it into a notebook; QUICK_RUN=1 checks it in seconds.",
        "zh": "与当前设置完全对应的独立 Keras 脚本：加载同样的数据，搭建同样的网络，训练并评估。"
        "可直接粘贴到 notebook 中；设置 QUICK_RUN=1 可在几秒内试运行。",
    },
    # -- first network page ----------------------------------------------------------------------------------------
    "first.title": {"en": "Your first network", "zh": "第一个神经网络"},
    "first.intro": {
        "en": "A network is a function with adjustable numbers (weights) that training nudges, step by step, to "
        "make its answers closer to the examples. First one neuron learns the simplest rule there is; then a "
        "small network learns from a real table.",
        "zh": "神经网络是一个带有可调参数（权重）的函数，训练会一步步微调这些参数，让它的答案更接近样本。"
        "先让一个神经元学会最简单的规则；再让一个小网络从真实表格中学习。",
    },
    "first.train": {"en": "Train", "zh": "训练"},
    "first.code.caption": {
        "en": "The same training in plain Keras, ready to paste into a notebook.",
        "zh": "用纯 Keras 写的同一个训练，可直接粘贴到 notebook 中。",
    },
    "first.id.header": {"en": "1. One neuron learns y = x", "zh": "1. 一个神经元学习 y = x"},
    "first.id.intro": {
        "en": "The course's first example: five points x = 1, 2, 3, 4, 5 with y = x, and one Dense unit that "
        "computes w·x + b. It starts with a random w and b = 0; every epoch, gradient descent moves both to "
        "shrink the mean squared error. Does it answer 6 for x = 6, a value it never saw?",
        "zh": "课程中的第一个例子：五个点 x = 1, 2, 3, 4, 5，且 y = x；一个 Dense 单元计算 w·x + b。"
        "它从随机的 w 和 b = 0 开始；每一轮，梯度下降都会调整两者以减小均方误差。"
        "对于从未见过的 x = 6，它会回答 6 吗？",
    },
    "first.id.learning_rate": {"en": "Learning rate (SGD)", "zh": "学习率（SGD）"},
    "first.id.learning_rate.help": {
        "en": "Above about 0.085 each step overshoots more than it corrects, and the line flies away: try 0.1.",
        "zh": "大于约 0.085 时，每一步冲过头的幅度比修正的还大，直线会飞出去：试试 0.1。",
    },
    "first.id.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "first.id.epoch_slider": {"en": "Show the neuron after epoch", "zh": "显示第几轮后的神经元"},
    "first.id.epoch_slider.help": {
        "en": "0 is before training. Drag to watch the line turn and slide onto the points.",
        "zh": "0 表示训练前。拖动滑块，看直线如何转动并滑到这些点上。",
    },
    "first.id.metric.prediction": {"en": "Its answer for x = 6", "zh": "它对 x = 6 的回答"},
    "first.id.metric.prediction.help": {
        "en": "w·6 + b at the chosen epoch; the small number below is how far it is from 6.",
        "zh": "所选轮次时的 w·6 + b；下方的小数字是它与 6 的差距。",
    },
    "first.id.metric.truth": {"en": "The right answer", "zh": "正确答案"},
    "first.id.metric.loss": {"en": "Loss (MSE)", "zh": "损失（MSE）"},
    "first.id.caption": {
        "en": "After epoch {epoch}. The trained model itself (as kept in the model store) answers {answer} for x = 6.",
        "zh": "第 {epoch} 轮之后。训练好的模型本身（模型库中保存的那个）对 x = 6 的回答是 {answer}。",
    },
    "first.id.fig.rule": {"en": "the rule y = x", "zh": "规则 y = x"},
    "first.id.fig.neuron": {"en": "neuron: y = {weight}·x {bias}", "zh": "神经元：y = {weight}·x {bias}"},
    "first.id.fig.points": {"en": "the five examples", "zh": "五个样本"},
    "first.id.fig.answer": {"en": "its answer for x = 6", "zh": "它对 x = 6 的回答"},
    "first.reg.header": {"en": "2. A network that predicts a number", "zh": "2. 预测数值的网络"},
    "first.reg.intro": {
        "en": "The same idea with more inputs and more neurons: a table of real measurements, a number to "
        "predict, and a network of two hidden layers (64 and 32 ReLU units) trained with Adam on the mean "
        "squared error. Rows held out from training tell us how good it really is.",
        "zh": "同样的思路，只是输入和神经元更多：一张真实测量数据的表格、一个要预测的数值，以及一个有两个隐藏层"
        "（64 和 32 个 ReLU 单元）、用 Adam 优化均方误差的网络。训练时留出的行会告诉我们它到底有多好。",
    },
    "first.reg.data": {
        "en": "Data: **{name}**, {size}, from {source} ({where}).",
        "zh": "数据：**{name}**，{size}，来源：{source}（{where}）。",
    },
    "first.reg.data.online": {"en": "downloaded", "zh": "已下载"},
    "first.reg.name.diabetes": {"en": "Diabetes progression", "zh": "糖尿病进展"},
    "first.reg.name.house_prices": {"en": "Boston house prices", "zh": "波士顿房价"},
    "first.reg.data.offline": {
        "en": "built into the app; the diabetes table stands in for the house prices, which need a download",
        "zh": "应用内置；用糖尿病数据表代替需要下载的房价数据",
    },
    "first.reg.target": {
        "en": "To predict: {target}. From: {features}.",
        "zh": "预测目标：{target}。输入特征：{features}。",
    },
    "first.reg.target.diabetes": {
        "en": "how far a patient's diabetes progressed one year later (a score from about 25 to 346)",
        "zh": "一年后患者糖尿病的进展程度（约 25 到 346 分）",
    },
    "first.reg.target.house_prices": {
        "en": "the median value of the homes in a Boston neighbourhood (in thousands of dollars)",
        "zh": "波士顿一个街区房屋的中位价格（单位：千美元）",
    },
    "first.reg.model": {
        "en": "Model: Normalization → Dense 64 ReLU → Dense 32 ReLU → Dense 1; loss: mean squared error; "
        "optimizer: Adam.",
        "zh": "模型：Normalization → Dense 64 ReLU → Dense 32 ReLU → Dense 1；损失：均方误差；优化器：Adam。",
    },
    "first.reg.learning_rate": {"en": "Learning rate (Adam)", "zh": "学习率（Adam）"},
    "first.reg.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "first.reg.curves.caption": {
        "en": "The network learns a standardised target (mean 0, standard deviation 1), so a loss of 1 is no "
        "better than always guessing the average. When the validation curve turns up while the training curve "
        "keeps falling, it starts to memorise the training rows (overfitting).",
        "zh": "网络学习的是标准化后的目标（均值 0、标准差 1），所以损失为 1 相当于总是猜平均值。"
        "如果训练曲线继续下降而验证曲线开始上升，说明它开始死记训练数据（过拟合）。",
    },
    "first.reg.metric.mae": {"en": "Mean absolute error", "zh": "平均绝对误差"},
    "first.reg.metric.mae.help": {
        "en": "On the held-out rows, in the target's own units: the average size of a mistake.",
        "zh": "在留出的行上、以目标本身的单位计算：平均每次预测错多少。",
    },
    "first.reg.metric.rmse": {"en": "Root mean squared error", "zh": "均方根误差"},
    "first.reg.metric.rmse.help": {
        "en": "Like the MAE, but large mistakes weigh more.",
        "zh": "与平均绝对误差类似，但大的错误权重更高。",
    },
    "first.reg.metric.baseline": {"en": "Always guessing the average", "zh": "总是猜平均值"},
    "first.reg.metric.baseline.help": {
        "en": "The mean absolute error of a 'model' that always predicts the training rows' average: the "
        "network must beat this.",
        "zh": "一个总是预测训练数据平均值的“模型”的平均绝对误差：网络必须比它好。",
    },
    "first.reg.metric.rows": {"en": "Held-out rows", "zh": "留出的行数"},
    "first.reg.error.diabetes": {
        "en": "On patients it never saw, the network is off by {mae} points of disease progression on average "
        "(always guessing the average would be off by {baseline}).",
        "zh": "对于从未见过的患者，网络的预测平均偏差 {mae} 个疾病进展分（总是猜平均值则偏差 {baseline} 分）。",
    },
    "first.reg.error.house_prices": {
        "en": "On neighbourhoods it never saw, the network is off by ${mae} on average (always guessing the "
        "average would be off by ${baseline}).",
        "zh": "对于从未见过的街区，网络的预测平均偏差 {mae} 美元（总是猜平均值则偏差 {baseline} 美元）。",
    },
    "first.reg.error.other": {
        "en": "On rows it never saw, the network is off by {mae} on average (always guessing the average would "
        "be off by {baseline}).",
        "zh": "对于从未见过的行，网络的预测平均偏差 {mae}（总是猜平均值则偏差 {baseline}）。",
    },
    "first.reg.units.diabetes": {"en": "disease progression score", "zh": "疾病进展分"},
    "first.reg.units.house_prices": {"en": "median home value, $1000s", "zh": "房屋中位价格，千美元"},
    "first.reg.units.other": {"en": "target", "zh": "目标值"},
    "first.reg.scatter.actual": {"en": "actual ({unit})", "zh": "真实值（{unit}）"},
    "first.reg.scatter.predicted": {"en": "predicted ({unit})", "zh": "预测值（{unit}）"},
    "first.reg.scatter.diagonal": {"en": "perfect prediction", "zh": "完美预测"},
    "first.reg.scatter.rows": {"en": "held-out rows", "zh": "留出的行"},
    "first.reg.scatter.hover": {
        "en": "actual %{x:.1f}<br>predicted %{y:.1f}",
        "zh": "真实 %{x:.1f}<br>预测 %{y:.1f}",
    },
    "first.reg.scatter.caption": {
        "en": "Each dot is one of the {rows} rows kept out of training: the closer to the dashed diagonal, the "
        "better the prediction.",
        "zh": "每个点是训练时留出的 {rows} 行之一：越靠近虚线对角线，预测越准。",
    },
}
