"""The engine: experiment settings, data, models, training, the race of optimizers, evaluation, preprocessing,
prediction, uploads and exports. Plain functions and data; it knows nothing of jobs, the run store, the classroom,
the lessons, the charts or the command line above it (import-linter's layers contract in pyproject.toml)."""
