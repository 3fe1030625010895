"""`import loky` where only joblib's bundled copy is installed: this module becomes that copy.

The bridge puts this folder on sys.path only when no standalone loky imports; loky's workers inherit the parent's
sys.path, so user code that imports `loky` loads in them as in the parent, sharing one loky.
"""
import sys

import joblib.externals.loky as _bundled

_PREFIX = "joblib.externals.loky"
for _name, _module in list(sys.modules.items()):
    if _name == _PREFIX or _name.startswith(_PREFIX + "."):
        sys.modules["loky" + _name[len(_PREFIX):]] = _module
sys.modules[__name__] = _bundled
