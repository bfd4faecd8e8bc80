"""Generative adversarial networks: a generator learns to draw digits (or clothes) by fooling a discriminator.

The lesson of ``/gan``. The task ``gan`` (kind "generative", :mod:`.gan`) trains, through the engine like every
other job, one of three networks (``params["network"]``, :mod:`.networks`):

- ``"dense"``: the course's GAN, improved. Generator 100 -> 256 -> 512 -> 1024 -> 784 (tanh), discriminator 784 ->
  1024 -> 512 -> 256 -> 1 (sigmoid), with the fixes that make it train: LeakyReLU instead of ReLU, batch
  normalisation in the generator, dropout in the discriminator, one-sided label smoothing (real images are labelled
  0.9, not 1) and Adam with beta_1 = 0.5.
- ``"course"``: the course's dense GAN exactly as written (:func:`.gan.course_config`): the same layer sizes with no
  activation between them, Adam at Keras' defaults, batch 128, no label smoothing, two discriminator updates per step
  and a random batch at every step (an epoch is 100 steps; 100 epochs are the course's 10,000). It fails: the lesson.
- ``"dcgan"``: a small DCGAN (keras-io's "DCGAN to generate face images", scaled down to 28x28): transposed
  convolutions up from 7x7 in the generator, strided convolutions down in the discriminator.

The data (:mod:`.data`) is MNIST or Fashion-MNIST from :mod:`core.data.images` (the full sets online, the embedded
ones offline), all classes or one (``params["image_class"]``), scaled to -1..1 like the generator's tanh output.

Training follows keras-io's "DCGAN" example: a :class:`keras.Model` subclass (``AdversarialPair``, from
:func:`.networks.adversarial_pair_class`) with its own ``train_step`` (one discriminator update on a real and a
generated batch, then one generator update), trained by ``model.fit`` on batches of images alone. Its logs:
``d_loss``, ``g_loss``, ``d_real`` (mean D(x) on real images) and ``d_fake`` (mean D(G(z)) on generated ones). After
every epoch the engine records the generator's drawings of one fixed noise batch as a PNG grid
(:func:`.samples.grid_artifact`); they are stored with the model (``keep_artifacts``), so the gallery of a stored model
goes from noise to digits. The model kept in the store is the generator alone: a plain Sequential model that loads in
safe mode. :mod:`.samples` draws from it: fresh samples, interpolations, grids.

Quality (:mod:`.scoring`), measured with the draw page's digit classifier
(:func:`core.lessons.draw.digit_classifier_config`): the mean top-class confidence over 1,000 samples, how many of the
ten digits appear and how evenly (an Inception-score-like number, 1 to 10), and the Fréchet distance between the
classifier's features of generated and real test digits (:func:`.scoring.generator_scores`).

The task registry (``core.training.registry``) lists :data:`.gan.GAN_TASK`; nothing registers itself on import.
Importing these modules is cheap (numpy only): Keras and TensorFlow are imported by the functions that need them.
"""
