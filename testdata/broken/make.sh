#!/usr/bin/env bash
# Makes the password-protected fixtures from testdata/pdf/fonts.pdf (needs qpdf).
set -euo pipefail
cd "$(dirname "$0")"
# Opens with the empty user password: must be read.
qpdf --encrypt "" owner-secret 128 --use-aes=y -- ../pdf/fonts.pdf empty-user-password.pdf
# Needs a password to open: must be reported.
qpdf --encrypt user-secret owner-secret 256 -- ../pdf/fonts.pdf password-protected.pdf
