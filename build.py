"""Build, check and scaffold the course: ``python build.py --help``."""

from courseware.cli import run

if __name__ == "__main__":
    run()
