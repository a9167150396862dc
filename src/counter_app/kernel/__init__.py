"""The shared kernel: small, stable helpers both programs (the counter and head office) may
import.

What lives here: identifiers made offline (:mod:`ids`), the clock and Beijing-time helpers
(:mod:`clock`), password hashing (:mod:`passwords`), pinyin for type-ahead search
(:mod:`pinyin`), the database naming convention (:mod:`naming`), the columns both schemas
keep alike (:mod:`schema`), the parsing of the bundled reference and demo data
(:mod:`refdata`), the error a damaged local store raises (:mod:`errors`) and the masking
of ID numbers and secrets in logs (:mod:`logmask`). The kernel imports only
:mod:`counter_app.domain` and :mod:`counter_app.resources`; everything else may import it.
"""
