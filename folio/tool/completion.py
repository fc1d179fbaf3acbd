"""``folio completion bash``: tab completion for the folio command in bash.

Add ``eval "$(folio completion bash)"`` to ``~/.bashrc``.  Subcommands,
targets and options complete; ``--jobs`` offers its default (the cores but
one) and 1; ``--source``, ``--out``, ``--into`` and ``new``
complete folders, ``import`` completes .docx files and folders (a Quarto project, an mdBook).
"""

from __future__ import annotations

BASH = r"""
_folio() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "build check serve proof new import completion --version --help" -- "$cur"))
    return
  fi
  case "$prev" in
    --source|--out|--into) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --edition) COMPREPLY=($(compgen -W "screen print" -- "$cur")); return ;;
    --jobs) COMPREPLY=($(compgen -W "$(printf '%s\n' $(( $(nproc) > 1 ? $(nproc) - 1 : 1 )) 1 | sort -un)" -- "$cur")); return ;;
  esac
  case "${COMP_WORDS[1]}" in
    build) COMPREPLY=($(compgen -W "pdf epub html docx --source --out --edition --jobs --whole --strict --quiet --verbose" -- "$cur")) ;;
    proof) COMPREPLY=($(compgen -W "--source --out --edition --jobs --whole --quiet --verbose" -- "$cur")) ;;
    serve) COMPREPLY=($(compgen -W "--source --out --port --pdf --quiet --verbose" -- "$cur")) ;;
    check) COMPREPLY=($(compgen -W "--source --strict --quiet --verbose" -- "$cur")) ;;
    new) COMPREPLY=($(compgen -d -- "$cur")) ;;
    import) COMPREPLY=($(compgen -f -X '!*.docx' -- "$cur") $(compgen -d -- "$cur") $(compgen -W "--into" -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W "bash" -- "$cur")) ;;
  esac
}
complete -o filenames -F _folio folio
"""
