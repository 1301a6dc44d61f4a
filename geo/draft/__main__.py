"""`python -m geo.draft ARTICLE --published YYYY-MM-DD --out DIR`: see geo/draft/cli.py."""
from geo.draft.cli import main

raise SystemExit(main())
