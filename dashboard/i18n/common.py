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
    "common.invalid_input": {"en": "That input can't be used: {reason}", "zh": "无法使用该输入：{reason}"},
}
