"""Forwarding public-space signals the gemeente leads to the gemeente's MOR system (the
Signalen API), and its status back onto the case."""
