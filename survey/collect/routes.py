"""Views for leaders collecting door to door."""
