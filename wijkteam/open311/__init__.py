"""Open311 GeoReport v2 for apps that report for residents: the resident categories as
services, a request posted is a signal through the same intake as the resident form."""
