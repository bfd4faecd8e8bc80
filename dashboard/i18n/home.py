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
    "home.data.status.online": {"en": "🌐 online download", "zh": "🌐 在线下载"},
    "home.data.status.offline": {"en": "📦 embedded copy", "zh": "📦 内置副本"},
    "home.data.status.unavailable": {"en": "⛔ not available offline", "zh": "⛔ 离线时不可用"},
    "home.data.offline_missing": {"en": "not installed: {source}", "zh": "未安装：{source}"},
}
