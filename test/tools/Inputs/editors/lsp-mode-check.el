;; After the recipe: activates the packages Debian installs (elpa-lsp-mode),
;; opens the file with lsp-mode in the test's directory as its workspace,
;; waits for the server's diagnostics as lsp-mode keeps them, and prints
;; each with its related information.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(load (getenv "DBSESSION_INIT") nil t)
(require 'lsp-mode)
(setq lsp-session-file (expand-file-name "lsp-session" (getenv "HOME"))
      lsp-enable-file-watchers nil
      lsp-auto-guess-root nil
      lsp-restart 'ignore
      ;; lsp-mode's own store of diagnostics is read below; no flymake,
      ;; whose C++ backend in batch mode stops Emacs with an error.
      lsp-diagnostics-provider :none)
(lsp-workspace-folders-add default-directory)
(find-file (getenv "DBSESSION_FILE"))
(c++-mode)
(lsp)
(defun dbsession-diagnostics ()
  (gethash (lsp--fix-path-casing (buffer-file-name)) (lsp-diagnostics t)))
(let ((tries 0))
  (while (and (< tries 240) (not (dbsession-diagnostics)))
    (setq tries (1+ tries))
    (accept-process-output nil 0.5)))
(dolist (d (dbsession-diagnostics))
  (princ (format "%d: %s [%s]\n"
                 (1+ (lsp:position-line (lsp:range-start (lsp:diagnostic-range d))))
                 (car (split-string (lsp:diagnostic-message d) "\n"))
                 (lsp:diagnostic-code? d)))
  (seq-doseq (r (lsp:diagnostic-related-information? d))
    (princ (format "  related %d: %s\n"
                   (1+ (lsp:position-line
                        (lsp:range-start
                         (lsp:location-range
                          (lsp:diagnostic-related-information-location r)))))
                   (lsp:diagnostic-related-information-message r)))))
(princ (format "server %s\n"
               (mapconcat (lambda (w) (format "%s" (lsp--workspace-print w)))
                          (lsp-workspaces) " ")))
(princ (if (dbsession-diagnostics) "diagnostics arrived\n" "no diagnostics\n"))
(ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
(kill-emacs 0)
