# bash completion for infrac.  Install as
# /usr/share/bash-completion/completions/infrac (meson install does).
_infrac()
{
	local cur prev words cword
	_init_completion || return
	local commands="check build plan fmt parse schema explain emitters help"
	if [[ $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-o) _filedir -d; return ;;
	-I) _filedir -d; return ;;
	--catalog) _filedir yaml; return ;;
	--diagnostics-output) _filedir; return ;;
	--emit) COMPREPLY=($(compgen -W "$(infrac emitters 2>/dev/null | cut -d' ' -f1 | paste -sd' ')" -- "${cur##*,}")); return ;;
	--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	esac
	case ${words[1]} in
	help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
	explain)
		COMPREPLY=($(compgen -W "--list --markdown $(infrac explain --list 2>/dev/null | cut -f1)" -- "$cur"))
		return ;;
	schema)
		COMPREPLY=($(compgen -W "$(infrac schema 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts="--help --werror --diagnostics-format=text --diagnostics-format=json --diagnostics-format=sarif"
		opts+=" --diagnostics-output"
		case ${words[1]} in
		build) opts+=" -o --emit --check --dump-model -I --catalog --timings" ;;
		check) opts+=" -I --catalog --timings" ;;
		plan) opts+=" --format -I --catalog" ;;
		fmt) opts+=" --check" ;;
		parse) opts+=" --dump-ast --no-spans" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	_filedir infra
}
complete -F _infrac infrac
