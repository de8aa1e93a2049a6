#!/usr/bin/env bash
# Makes the password-protected fixtures (needs qpdf). qpdf salts every run anew, so each run
# gives other bytes that open the same way.
set -euo pipefail
cd "$(dirname "$0")"
# Opens with the empty user password: must be read.
qpdf --encrypt "" owner-secret 128 --use-aes=y -- ../pdf/fonts.pdf empty-user-password.pdf
# Needs a password to open: must be reported.
qpdf --encrypt user-secret owner-secret 256 -- ../pdf/fonts.pdf password-protected.pdf
# A report that opens with its user or its owner password: AES-256 (revision 6, whose
# passwords are UTF-8, here not ASCII) and RC4-128 (revision 4, crypt filter V2).
qpdf --encrypt "年报-2019" owner-256 256 -- ../pdf/hechuan-2019.pdf hechuan-2019-aes256.pdf
qpdf --allow-weak-crypto --encrypt user-128 owner-128 128 --use-aes=n --force-V4 -- ../pdf/hechuan-2019.pdf hechuan-2019-rc4.pdf
# Revisions 4 with a Chinese user password, which PDFDocEncoding cannot write: its UTF-8 bytes
# (as qpdf writes them) for RC4, its GBK bytes (as Chinese Windows writes them) for AES-128.
qpdf --allow-weak-crypto --password-mode=bytes --encrypt "年报" owner-u8 128 --use-aes=n --force-V4 -- ../pdf/hechuan-2019.pdf hechuan-2019-rc4-utf8.pdf
qpdf --allow-weak-crypto --password-mode=bytes --encrypt "$(printf '\xc4\xea\xb1\xa8')" owner-gbk 128 --use-aes=y --force-V4 -- ../pdf/hechuan-2019.pdf hechuan-2019-aes128-gbk.pdf
