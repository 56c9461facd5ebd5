# lit configuration for dbsession-tidy.
#
# Suites: checkers/ (mock headers, fast), integration/ (the real Debian
# library headers), harness/ (the test runner itself), plugin/ (loading the
# module into clang-tidy).

import glob
import os
import re
import shutil

import lit.formats
import lit.util

config.name = "dbsession-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py", "check_clang_tidy.py", "unit",
                   "resolve"]
# hardening/ runs only in a sanitizer build (DBSESSION_SANITIZE=ON), where
# the module is instrumented and the model fuzzer exists.
if not config.sanitized:
    config.excludes.append("hardening")
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dbsession_obj_root, "test")

# Tests see this LLVM's tools (FileCheck, not, clang, clang-tidy) first, and
# this build's dbsession-tidy (for the pre-commit hook, which calls it by
# name).
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.path.join(config.dbsession_obj_root, "bin"),
     config.environment.get("PATH", "")])
# A user's ~/.config/clangd or a stray .clang-tidy must not leak in.
config.environment["CLANG_NO_DEFAULT_CONFIG"] = "1"

runner = os.path.join(config.dbsession_src_root, "test", "check_clang_tidy.py")
config.substitutions.append(
    ("%check_clang_tidy",
     "%s %s --clang-tidy=%s --load=%s --filecheck=%s" %
     (config.python_executable, runner, config.clang_tidy, config.plugin,
      os.path.join(config.llvm_tools_dir, "FileCheck"))))
config.substitutions.append(("%clang_tidy_plugin", config.plugin))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%checks_library", config.checks_library))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%dbsession_src", config.dbsession_src_root))
config.substitutions.append(("%dbsession_obj", config.dbsession_obj_root))

if config.sanitized:
    # The instrumented module runs inside an uninstrumented clang-tidy: the
    # shared ASan runtime (which carries UBSan's) is preloaded.
    runtime = lit.util.executeCommand(
        [config.cxx_compiler, "-print-file-name=libclang_rt.asan-x86_64.so"]
    )[0].strip()
    if not os.path.isfile(runtime):
        lit_config.fatal("the ASan runtime is missing (%s): install "
                         "libclang-rt-%s-dev" % (runtime, config.llvm_major))
    config.substitutions.append(("%asan_runtime", runtime))
    config.substitutions.append(
        ("%model_fuzzer", os.path.join(config.dbsession_obj_root, "bin",
                                       "dbsession-model-fuzzer")))
config.substitutions.append(("%llvm_major", config.llvm_major))
config.substitutions.append(
    ("%dbsession_tidy", os.path.join(config.dbsession_obj_root, "bin",
                                     "dbsession-tidy")))
config.substitutions.append(
    ("%clang", os.path.join(config.llvm_tools_dir, "clang++")))

# clang-tidy 22 and later dump only the options of enabled checks.
if int(config.llvm_major) < 22:
    config.available_features.add("dump-config-lists-global-options")

# run-clang-tidy applies exported fixes with clang-apply-replacements; the
# one of clang-tidy 14 cannot load a plugin.
run_clang_tidy = os.path.join(config.llvm_tools_dir, "run-clang-tidy")
apply_replacements = os.path.join(config.llvm_tools_dir,
                                  "clang-apply-replacements")
if os.path.isfile(run_clang_tidy) and os.path.isfile(apply_replacements):
    with open(run_clang_tidy, encoding="utf-8", errors="replace") as f:
        if re.search(r"""['"]-load['"]""", f.read()):
            config.available_features.add("run-clang-tidy-load")
config.substitutions.append(("%run_clang_tidy", run_clang_tidy))
config.substitutions.append(("%apply_replacements", apply_replacements))

# Another installed clang-tidy major, to show that loading this build into
# it fails loudly.
other = None
for path in sorted(glob.glob("/usr/lib/llvm-*/bin/clang-tidy")):
    major = re.search(r"llvm-(\d+)", path).group(1)
    if major != config.llvm_major:
        other = (path, major)
        break
if other:
    config.available_features.add("other-clang-tidy")
    config.substitutions.append(("%other_clang_tidy", other[0]))
    config.substitutions.append(("%other_major", other[1]))

# Real library headers (Debian -dev packages) for the integration suite.
# With --param require_real_headers=1 (the CI test script sets it) a missing
# one is an error rather than a skipped test.
REAL_HEADERS = {
    "soci": "/usr/include/soci/soci.h",
    "libpqxx": "/usr/include/pqxx/pqxx",
    "poco-data": "/usr/include/Poco/Data/Session.h",
    "poco-net": "/usr/include/Poco/Net/HTTPClientSession.h",
    "sqlitecpp": "/usr/include/SQLiteCpp/SQLiteCpp.h",
    "qt-sql": "/usr/include/x86_64-linux-gnu/qt5/QtSql/QSqlDatabase",
    "libpq": "/usr/include/postgresql/libpq-fe.h",
    "mysql-jdbc": "/usr/include/cppconn/driver.h",
    "cppdb": "/usr/include/cppdb/frontend.h",
    "libcurl": "/usr/include/x86_64-linux-gnu/curl/curl.h",
    "cpp-httplib": "/usr/include/httplib.h",
    "boost": "/usr/include/boost/asio.hpp",
}
missing = []
for name, header in REAL_HEADERS.items():
    if os.path.exists(header):
        config.available_features.add(name + "-headers")
    else:
        missing.append("%s (%s)" % (name, header))
if missing and lit_config.params.get("require_real_headers") == "1":
    lit_config.fatal("real library headers missing: " + ", ".join(missing))
config.substitutions.append(
    ("%qt_flags", "-isystem /usr/include/x86_64-linux-gnu/qt5 "
                  "-isystem /usr/include/x86_64-linux-gnu/qt5/QtCore "
                  "-isystem /usr/include/x86_64-linux-gnu/qt5/QtSql -fPIC"))
config.substitutions.append(("%pq_flags", "-isystem /usr/include/postgresql"))

# The SARIF validator (npm @microsoft/sarif-multitool; its native binary,
# since the npm wrapper passes arguments through a shell, which splits
# "Sarif;Ghas"). scripts/install-deps.sh puts it under build/tools/; the
# SARIF_MULTITOOL environment variable points elsewhere. With --param
# require_tools=1 (the CI test script sets it) a missing one is an error.
multitool = os.environ.get("SARIF_MULTITOOL") or os.path.join(
    config.dbsession_src_root, "build", "tools", "sarif-multitool",
    "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
if os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif_multitool", multitool))
elif lit_config.params.get("require_tools") == "1":
    lit_config.fatal("the SARIF validator is missing (%s): run "
                     "scripts/install-deps.sh" % multitool)

for program, feature in (("pre-commit", "pre-commit"), ("nvim", "neovim"),
                         ("emacs", "emacs")):
    if shutil.which(program):
        config.available_features.add(feature)
    elif lit_config.params.get("require_tools") == "1":
        lit_config.fatal("%s is missing: run scripts/install-deps.sh" %
                         program)

# Our own clangd and clang-tidy with the checks built in, where this LLVM
# has the static libraries to build them (tools/dbsession-clangd,
# tools/dbsession-clang-tidy).
for tool in ("dbsession-clangd", "dbsession-clang-tidy"):
    path = os.path.join(config.dbsession_obj_root, "bin", tool)
    if os.path.isfile(path):
        config.available_features.add(tool)
    config.substitutions.append(("%" + tool.replace("-", "_"), path))

# Emacs with Debian's eglot and lsp-mode packages (elpa-eglot,
# elpa-lsp-mode), for the editor recipes.
for package, feature in (("eglot", "emacs-eglot"),
                         ("lsp-mode", "emacs-lsp-mode")):
    if shutil.which("emacs") and glob.glob(
            "/usr/share/emacs/site-lisp/elpa/%s-*" % package):
        config.available_features.add(feature)
    elif lit_config.params.get("require_tools") == "1":
        lit_config.fatal("%s for Emacs is missing: run "
                         "scripts/install-deps.sh" % package)
