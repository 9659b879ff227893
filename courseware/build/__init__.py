"""The static build: every page of the web app written into a folder the build owns."""
