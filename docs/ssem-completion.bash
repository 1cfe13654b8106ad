# ssem-completion.bash: bash completion for ssemasm, ssemdis, ssememu and ssem-bench (needs no bash-completion package).
#
# Installed by `make install` as share/bash-completion/completions/<tool>;
# to try it from the tree: source docs/ssem-completion.bash
#
# Options come from each tool's own --help and engines from
# `ssememu --list-engines`, so they never fall out of step; only the value
# lists of the format options are written here.

_ssem_options()
{
    "$1" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u
}

# The values an option takes: words, @files or @none (a number or a name
# to type); status 1 for an option that takes none.
_ssem_values()
{
    local tool=${1##*/} opt=$2 dir=
    [[ $1 == */* ]] && dir=${1%/*}/
    case $tool:$opt in
        ssemasm:-f | ssemasm:--format) echo img snp bin st ;;
        ssemdis:-f | ssemdis:--format) echo img snp bin st dec auto ;;
        ssememu:-f | ssememu:--format) echo img snp bin st dec ;;
        ssememu:--input-format) echo asm img snp bin st dec ;;
        ssememu:-d | ssememu:--dump) echo crt bits dec asm json none ;;
        ssememu:-e | ssememu:--engine) "$1" --list-engines 2>/dev/null ;;
        ssememu:--panel) echo max ;;
        ssem-bench:-e | ssem-bench:--engines) "${dir}ssememu" --list-engines 2>/dev/null ;;
        *:-o | *:--output | *:-l | *:--listing | *:--png | *:--trace | *:--out | *:--srcdir | \
            ssememu:-x | ssemasm:--symbols) echo @files ;;
        ssememu:-n | *:--max-steps | *:--ci | *:--acc | *:-D | *:--define | *:-r | *:--runs | \
            ssem-bench:-p | ssem-bench:--programs | *:--watch | *:--profile | \
            ssememu:--break | ssememu:--until | ssememu:--history) echo @none ;;
        *) return 1 ;;
    esac
}

# Options whose argument is optional take it only as --opt=VALUE: the word
# after them is the next argument.
_ssem_optional_arg()
{
    case $1 in --trace | --watch | --panel | --profile | --symbols) return 0 ;; esac
    return 1
}

_ssem_complete()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local opt= values=
    COMPREPLY=()
    # bash splits "--opt=val" at the '=' (COMP_WORDBREAKS): "--opt" "=" "val".
    if [ "$cur" = "=" ]; then
        opt=$prev
        cur=
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        cur=${cur#*=}
    elif [[ $prev == -* ]] && ! _ssem_optional_arg "$prev" && _ssem_values "$1" "$prev" >/dev/null; then
        opt=$prev
    fi
    if [ -n "$opt" ]; then
        values=$(_ssem_values "$1" "$opt") || values=@files
        case $values in
            @none) return 0 ;;
            @files) COMPREPLY=($(compgen -f -- "$cur")) ;;
            *)
                # ssem-bench takes comma-separated lists: complete the last item.
                local head=
                [[ ${1##*/} == ssem-bench && $cur == *,* ]] && head=${cur%,*}, && cur=${cur##*,}
                COMPREPLY=($(compgen -P "$head" -W "$values" -- "$cur"))
                ;;
        esac
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_ssem_options "$1")" -- "$cur"))
        return 0
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -o bashdefault -F _ssem_complete ssemasm ssemdis ssememu ssem-bench
