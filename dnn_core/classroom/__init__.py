"""The classroom: the Class board (ranking, guesses, lesson links, the teacher's key) and the class's own drawn
digits in the run store."""
