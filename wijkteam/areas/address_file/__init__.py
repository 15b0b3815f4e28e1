"""Reading a file of BAG addresses for the local address register: the formats and how they
are told apart are described in reader.py."""
