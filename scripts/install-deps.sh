#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, if any is missing.
# Runs `apt-get update` once, and only when something has to be installed.
set -euo pipefail
packages=(
  pkg-config
  libcairo2-dev        # CCairo: cairo + cairo-pdf
  libpango1.0-dev      # CCairo: pango, pangocairo, pangoft2
  libfontconfig-dev    # CCairo: private font configuration
  libhyphen-dev        # CHyphen: French hyphenation for justified text
  hyphen-fr            # the French hyphenation patterns
  libcurl4-openssl-dev # CCurl: SMTP delivery
  libssl-dev           # CCrypto: SHA-256 from libcrypto
  libsqlite3-dev       # CSQLite: the mail journal
  poppler-utils        # tests: pdfinfo, pdffonts, pdftotext, pdftoppm
  libdeflate-dev       # CDeflate: the streams the PDF/UA and PDF/A finishing step reads and writes; gzip answers of `fiche serve`
  libbrotli-dev        # CBrotli: brotli answers of `fiche serve`
  qpdf                 # tests: qpdf --check
  brotli               # tests: decoding the brotli answers of `fiche serve`
  unzip                # tests: listing the bulk zip archive
  python3-aiosmtpd     # tests: a real SMTP server on loopback
  python3              # tests: parsing .eml files with the email package
  chromium             # tests: `fiche serve` driven in a real browser (headless)
  chromium-driver      # tests: chromedriver, for selenium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The PDF/UA-1 and PDF/A-3b checker used by the tests (PyPI page-validation, module `page`),
# installed into the project's own .build/python (scripts/check-pdf-profiles.py looks there).
python_dir="$(cd "$(dirname "$0")/.." && pwd)/.build/python"
ensure_pip() {
  if ! python3 -m pip --version >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-pip
  fi
}
if [ ! -d "$python_dir/page" ]; then
  echo "install-deps: installing page-validation (PyPI) into $python_dir" >&2
  ensure_pip
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --target "$python_dir" page-validation
fi

# Selenium (PyPI), for the browser tests of `fiche serve` (scripts/browser-check.py), beside it.
if [ ! -d "$python_dir/selenium" ]; then
  echo "install-deps: installing selenium (PyPI) into $python_dir" >&2
  ensure_pip
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --target "$python_dir" --upgrade selenium
fi

# fontTools (PyPI), for scripts/check-font-composition.py: the bundled fonts' composition rules.
if [ ! -d "$python_dir/fontTools" ]; then
  echo "install-deps: installing fonttools (PyPI) into $python_dir" >&2
  ensure_pip
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --target "$python_dir" --no-deps fonttools
fi

# axe-core, bundled by PyPI axe-selenium-python, for the accessibility audit of the web page
# (scripts/browser-audit.py), beside selenium.
if [ ! -d "$python_dir/axe_selenium_python" ]; then
  echo "install-deps: installing axe-selenium-python (PyPI) into $python_dir" >&2
  ensure_pip
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --target "$python_dir" --no-deps axe-selenium-python
fi
