"""The rent administration's door: arrears signals from a form or a CSV batch.

Arrears signals are confidential (DESIGN §6): only the corporation that registered them sees
them. A signal is identified by the corporation's own reference, so that registering or
importing the same row again updates it (or changes nothing) instead of duplicating it.
"""
