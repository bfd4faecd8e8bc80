"""What every lesson that trains shares: configs and checks, the task registry, Keras building blocks, the engine and the model store."""
