"""The running of work: the kinds of work, the jobs that run them on background threads, the executors (worker
processes, Ray, this process), the limiter and the memory watch, and the pages' short tasks on a worker. It records
runs in the run store and hands trainings the class's digits; the lessons, charts and CLI sit above it."""
