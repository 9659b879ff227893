"""Build, check and scaffold the course: ``python build.py --help``."""

from courseware.cli import main

if __name__ == "__main__":
    main()
