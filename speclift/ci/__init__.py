"""speclift in CI services: :mod:`.checks` runs one command on the files a change touched and keeps its report for
any format; :mod:`.github_action` is the GitHub Action (``action.yml`` at the repository's root runs it), with
:mod:`.github_context` reading what GitHub hands a step and :mod:`.github_comments` keeping its pull-request
comment."""
