"""The leak walk: leaks that arise from sequences of legitimate actions, which the
authorization matrix (one route at a time) cannot see.

A world with secrets of every sensitivity in two wijken, each secret a unique marker string in
every place a secret lives, and its audience written down when it is written (DESIGN §6, read
by the test: audience.py). Then every change a user makes, one after another (steps.py,
walks.py), and after each a crawl of every page as everyone (crawl.py, walk.py): no marker may
reach anyone outside its audience. Three modules run it, each walking its share from a world
built for it (tests/test_leak_walk.py, tests/test_leak_walk_everyday_end.py,
tests/test_leak_walk_sequences.py), so that the suite's workers share the walking.

- audience.py: the oracle: seats, secrets and who sits where;
- world.py: the visitors of the matrix, the rent administration, the addresses, bookkeeping;
- actions.py: the doors and the audiences of what each action writes;
- steps.py: the setup the walks start from, and the building blocks of steps;
- walks.py: the walks themselves, as lists of steps;
- overleg.py: wijk A's wijkteamoverleg in the setup (minutes about every case), and its walk;
- crawl.py: which pages are crawled (from the matrix's route list) and what changed;
- walk.py: doing the steps and crawling after each;
- walked.py: a module's fixture (the world built, set up, crawled, then walked) and the
  checks the modules share.
"""
