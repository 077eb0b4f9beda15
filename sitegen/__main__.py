"""`python -m sitegen` runs the command line, like the `sitegen` script."""

from sitegen.cli import run

run()
