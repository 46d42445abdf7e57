"""The Learn page's lessons: small interactive experiments on the course's concepts, built on the engine."""
