"""Strings of the GAN page (/gan): gan.* and its navigation entry."""

STRINGS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------------------------------
    "nav.gan": {"en": "GANs", "zh": "生成对抗网络"},
    "nav.gan.summary": {
        "en": "Train a generative adversarial network live and watch a generator learn to draw digits by fooling a "
        "discriminator; scrub through its gallery from noise to digits, draw new samples and walk between two.",
        "zh": "实时训练一个生成对抗网络（GAN），看生成器如何通过骗过判别器学会写数字；拖动画廊从噪声一路看到数字，"
        "生成新样本，并在两个样本之间漫步。",
    },
    # -- page ------------------------------------------------------------------------------------------------------
    "gan.title": {"en": "Generative adversarial networks", "zh": "生成对抗网络（GAN）"},
    "gan.intro": {
        "en": "Two networks play a game. The **generator** turns random noise into images; the **discriminator** "
        "sees real images and generated ones and says which is which. Each learns from the other's mistakes, "
        "until the generator's drawings are hard to tell from real ones.",
        "zh": "两个网络在做一场博弈。**生成器**把随机噪声变成图像；**判别器**同时看到真实图像和生成的图像，"
        "判断哪个是真的。双方从对方的错误中学习，直到生成器画出的图像难以和真实图像区分。",
    },
    # settings
    "gan.settings.header": {"en": "1. Choose the data and the networks", "zh": "1. 选择数据和网络"},
    "gan.settings.dataset": {"en": "Images", "zh": "图像"},
    "gan.settings.mnist": {"en": "Handwritten digits (MNIST)", "zh": "手写数字（MNIST）"},
    "gan.settings.fashion_mnist": {"en": "Clothes (Fashion-MNIST)", "zh": "服饰（Fashion-MNIST）"},
    "gan.settings.class": {"en": "Which images", "zh": "哪些图像"},
    "gan.settings.class.all": {"en": "All classes", "zh": "全部类别"},
    "gan.settings.class.only": {"en": "Only {name}", "zh": "只用 {name}"},
    "gan.settings.class.help": {
        "en": "One class alone is an easier game: the generator has one kind of image to learn.",
        "zh": "只用一个类别更容易：生成器只需学会一种图像。",
    },
    "gan.settings.network": {"en": "Networks", "zh": "网络结构"},
    "gan.settings.dense": {"en": "Dense (the course's)", "zh": "全连接（课程中的）"},
    "gan.settings.dcgan": {"en": "Small DCGAN", "zh": "小型 DCGAN"},
    "gan.settings.network.help": {
        "en": "Dense: generator 100 → 256 → 512 → 1024 → 784 (tanh), discriminator 784 → 1024 → 512 → 256 → 1 "
        "(sigmoid), with LeakyReLU, batch normalisation and label smoothing. DCGAN: transposed convolutions up "
        "from 7x7 in the generator, strided convolutions down in the discriminator.",
        "zh": "全连接：生成器 100 → 256 → 512 → 1024 → 784（tanh），判别器 784 → 1024 → 512 → 256 → 1（sigmoid），"
        "使用 LeakyReLU、批归一化和标签平滑。DCGAN：生成器用转置卷积从 7x7 逐步放大，判别器用步幅卷积逐步缩小。",
    },
    "gan.settings.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "gan.settings.epochs.help": {
        "en": "One epoch shows every training image to the discriminator once. The gallery keeps the samples of "
        "every epoch.",
        "zh": "一轮训练会让判别器把每张训练图像都看一遍。画廊会保存每一轮的样本。",
    },
    "gan.settings.smoothing": {"en": "Label smoothing", "zh": "标签平滑"},
    "gan.settings.smoothing.help": {
        "en": "Real images are labelled 1 minus this (e.g. 0.9) for the discriminator, so it never becomes too sure "
        "of itself and keeps giving the generator useful gradients.",
        "zh": "判别器把真实图像的标签设为 1 减去这个值（例如 0.9），这样它不会过于自信，能持续给生成器有用的梯度。",
    },
    "gan.settings.train": {"en": "Train", "zh": "训练"},
    "gan.settings.data_online": {
        "en": "Data: {name}, {size}, downloaded with Keras.",
        "zh": "数据：{name}，{size}，通过 Keras 下载。",
    },
    "gan.settings.data_offline": {
        "en": "Data: {name}, {size}, from {source} (built into the app).",
        "zh": "数据：{name}，{size}，来自 {source}（应用内置数据）。",
    },
    "gan.settings.data_size": {
        "en": "{train} training + {test} test images",
        "zh": "{train} 张训练图像 + {test} 张测试图像",
    },
    "gan.settings.data_limit": {
        "en": "The GAN trains on {limit} of the training images (chosen at random), so an epoch stays short.",
        "zh": "GAN 只用其中随机选出的 {limit} 张训练图像，这样每一轮都不会太长。",
    },
    "gan.settings.default_note": {
        "en": "The defaults are the model stored for this page: it opens with its whole gallery.",
        "zh": "默认设置对应本页已保存的模型：页面打开时整个画廊就已就绪。",
    },
    # training
    "gan.train.header": {"en": "2. Training", "zh": "2. 训练"},
    "gan.train.shown": {"en": "Shown: {config}", "zh": "当前显示：{config}"},
    "gan.train.settings_changed": {
        "en": "The settings above changed: press Train to train them. Below is the last model you asked for.",
        "zh": "上方的设置已更改：按“训练”开始训练。下面显示的是你上一次请求的模型。",
    },
    "gan.live.first_epoch": {
        "en": "The curves and the first samples appear after the first epoch.",
        "zh": "第一轮结束后会出现曲线和第一批样本。",
    },
    "gan.live.samples": {"en": "The fixed noise after epoch {epoch}", "zh": "第 {epoch} 轮后，固定噪声生成的样本"},
    "gan.live.caption": {
        "en": "The same noise vectors are drawn after every epoch, so you see the same 36 drawings take shape.",
        "zh": "每一轮结束后都用同一批噪声向量生成图像，所以你看到的是同样 36 幅图逐渐成形。",
    },
    "gan.curve.losses": {"en": "Losses", "zh": "损失"},
    "gan.curve.outputs": {"en": "Discriminator's mean output", "zh": "判别器的平均输出"},
    "gan.curve.d_loss": {"en": "discriminator loss", "zh": "判别器损失"},
    "gan.curve.g_loss": {"en": "generator loss", "zh": "生成器损失"},
    "gan.curve.d_real": {"en": "D(x), real images", "zh": "D(x)，真实图像"},
    "gan.curve.d_fake": {"en": "D(G(z)), generated images", "zh": "D(G(z))，生成图像"},
    "gan.curve.epoch": {"en": "epoch", "zh": "轮次"},
    "gan.curve.caption": {
        "en": "Neither loss goes to zero: each network's gain is the other's loss. A discriminator that can only guess "
        "outputs 0.5 for everything (dotted line); label smoothing keeps D(x) near 0.9 at most.",
        "zh": "两个损失都不会降到零：一方的收益就是另一方的损失。只能瞎猜的判别器对所有图像都输出 0.5（虚线）；"
        "标签平滑让 D(x) 最多在 0.9 左右。",
    },
    # gallery
    "gan.gallery.header": {"en": "3. The gallery: from noise to digits", "zh": "3. 画廊：从噪声到数字"},
    "gan.gallery.epoch": {"en": "Epoch", "zh": "轮次"},
    "gan.gallery.play": {"en": "Play", "zh": "播放"},
    "gan.gallery.pause": {"en": "Pause", "zh": "暂停"},
    "gan.gallery.caption": {
        "en": "Epoch {epoch} of {total}: the generator's drawings of the same 36 noise vectors.",
        "zh": "第 {epoch} 轮（共 {total} 轮）：生成器用同样 36 个噪声向量画出的图像。",
    },
    "gan.gallery.empty": {
        "en": "This model has no gallery (no epoch was recorded).",
        "zh": "这个模型没有画廊（没有记录任何一轮）。",
    },
    "gan.samples.header": {"en": "New samples", "zh": "新样本"},
    "gan.samples.button": {"en": "New samples", "zh": "生成新样本"},
    "gan.samples.caption": {
        "en": "36 drawings from fresh noise (seed {seed}) by the trained generator: none of them is in the data.",
        "zh": "训练好的生成器用新的噪声（种子 {seed}）画出的 36 幅图像：它们都不在数据集里。",
    },
    "gan.samples.download": {"en": "Download as PNG", "zh": "下载 PNG 图片"},
    "gan.interp.header": {"en": "Walk between two samples", "zh": "在两个样本之间漫步"},
    "gan.interp.from": {"en": "From seed", "zh": "起点种子"},
    "gan.interp.to": {"en": "To seed", "zh": "终点种子"},
    "gan.interp.caption": {
        "en": "Ten points on the way from one noise vector to another (spherical interpolation): the drawing morphs "
        "smoothly, because the generator maps nearby noise to similar images.",
        "zh": "从一个噪声向量走到另一个噪声向量途中的十个点（球面插值）：图像平滑地变化，"
        "因为生成器会把相近的噪声映射成相似的图像。",
    },
    # scores
    "gan.scores.header": {"en": "4. How good are the drawings?", "zh": "4. 画得怎么样？"},
    "gan.scores.intro": {
        "en": "The digit classifier of the draw page reads {count} fresh samples and compares its features of them "
        "with those of {real} real test digits.",
        "zh": "用“手写数字识别”页面的分类器读取 {count} 个新样本，并把它对这些样本提取的特征与 {real} 张真实测试数字的特征进行比较。",
    },
    "gan.scores.confidence": {"en": "Mean confidence", "zh": "平均置信度"},
    "gan.scores.confidence.help": {
        "en": "The classifier's top probability, averaged: high when the samples look like clear digits.",
        "zh": "分类器最高概率的平均值：样本越像清晰的数字，它越高。",
    },
    "gan.scores.present": {"en": "Digits present", "zh": "出现的数字"},
    "gan.scores.present.help": {
        "en": "How many of the ten digits make up at least 1% of the samples. Fewer means mode collapse: the "
        "generator found a few drawings that fool the discriminator and sticks to them.",
        "zh": "十个数字中有几个至少占样本的 1%。数量少说明发生了模式坍塌：生成器找到了几种能骗过判别器的画法，就一直只画它们。",
    },
    "gan.scores.inception": {"en": "Inception-like score", "zh": "类 Inception 分数"},
    "gan.scores.inception.help": {
        "en": "exp of the mean KL divergence between each sample's class probabilities and their average: 10 when "
        "every sample is one clear digit and all ten are equally common, 1 at worst.",
        "zh": "每个样本的类别概率与平均类别概率之间 KL 散度均值的指数：每个样本都是一个清晰的数字且十个数字同样多时为 10，最差为 1。",
    },
    "gan.scores.frechet": {"en": "Fréchet distance", "zh": "Fréchet 距离"},
    "gan.scores.frechet.help": {
        "en": "The distance between Gaussians fitted to the classifier's features (its last hidden layer) of "
        "generated and of real test digits, as in FID: lower is closer to real digits.",
        "zh": "对生成数字和真实测试数字分别在分类器特征（最后一个隐藏层）上拟合高斯分布后的距离，与 FID 的做法相同：越低越接近真实数字。",
    },
    "gan.scores.class_axis": {"en": "digit the classifier reads", "zh": "分类器读出的数字"},
    "gan.scores.count_axis": {"en": "samples", "zh": "样本数"},
    "gan.scores.even_line": {"en": "perfectly even", "zh": "完全均匀"},
    "gan.scores.not_digits": {
        "en": "The scores use a digit classifier, so they are shown for MNIST only.",
        "zh": "这些分数依靠数字分类器，所以只对 MNIST 显示。",
    },
    "gan.scores.missing": {
        "en": "These scores need the draw page's digit classifier, which is not trained on this server yet.",
        "zh": "这些分数需要“手写数字识别”页面的数字分类器，而本服务器上还没有训练它。",
    },
    "gan.scores.train_classifier": {"en": "Train the digit classifier", "zh": "训练数字分类器"},
    "gan.code.caption": {
        "en": "The training step the engine runs for this page (keras-io's DCGAN pattern: a keras.Model with its "
        "own train_step, trained by model.fit).",
        "zh": "引擎为本页运行的训练步骤（keras-io DCGAN 示例的写法：自定义 train_step 的 keras.Model，由 model.fit 训练）。",
    },
    "gan.error.generate": {
        "en": "The generator could not draw these samples: {reason}",
        "zh": "生成器无法画出这些样本：{reason}",
    },
}
