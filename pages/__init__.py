"""The app's pages (run through st.navigation in app.py) and their small UI helpers.

A regular package, not a namespace one: several browser sessions importing it at once on a fresh server
must not race.
"""
