# completions/progdb.bash - bash completion for progdb(1).
# Installed as share/bash-completion/completions/progdb.  The lists below
# are static; tests/docs/sync.py checks them against 'progdb help COMMAND'.
# Needs nothing from the bash-completion package, but uses its _filedir
# when it is loaded.

_progdb_commands="burndown check debt due flow help ingest items milestones next push report risks search sql status weekly"
# Options every command takes after its name.
_progdb_common="--db -q --quiet -h --help"
# Options that take a value (the next word, or after '=').
_progdb_argopts="--db --format --milestone --state --doc --section --as-of --min-severity --exclude --include --max-size --since --until --timeout -p --param -o --output --into --rev --dir --ignore --config --within --by --owner --today --repo --server"

# _progdb_spec COMMAND: sets opts to the command's own options and formats
# to its --format values.
_progdb_spec()
{
	opts='' formats=''
	case $1 in
	burndown)	opts="--milestone --chart --ascii --format --include-templates"
			formats="text md json csv" ;;
	check)		opts="--ignore --config --format"
			formats="text md json csv github sarif" ;;
	debt)		opts="--open --format --include-templates"
			formats="text md json csv" ;;
	due)		opts="--within --by --slipped --owner --milestone --today --format --include-templates"
			formats="text md json csv" ;;
	flow)		opts="--since --as-of --by --format --include-templates"
			formats="text md json csv" ;;
	help)		opts="" ;;
	ingest)		opts="--exclude --include --max-size --as-of --strict --git --rev --since --rebuild --config" ;;
	items)		opts="--open --done --state --doc --section --current --owner --as-of --due --format --include-templates"
			formats="text md json csv" ;;
	milestones)	opts="--dir --doc --all --as-of --include-templates --format --ascii"
			formats="text md json csv" ;;
	next)		opts="--format --include-templates"
			formats="text md json csv" ;;
	push)		opts="--repo" ;;
	report)		opts="--since --until --as-of --format -o --output --into --include-templates"
			formats="md html json" ;;
	risks)		opts="--open --min-severity --as-of --format --include-templates"
			formats="text md json csv" ;;
	search)		opts="--format --include-templates"
			formats="text md json csv" ;;
	sql)		opts="--format -p --param --timeout --write"
			formats="text md json csv" ;;
	status)		opts="--by --format --include-templates"
			formats="text md json csv" ;;
	weekly)		opts="--since --until --format --include-templates --all --by"
			formats="text md json csv" ;;
	esac
}

# Sets COMPREPLY to the words of $1 that start with $cur.
_progdb_words()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# Completes file names (and directories) for $cur.
_progdb_files()
{
	if declare -F _filedir >/dev/null; then
		_filedir
	else
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

_progdb()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' opt='' cmd='' i
	local opts formats

	# bash splits --opt=value at '=' (COMP_WORDBREAKS): find the option.
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $cur == = ]]; then
		opt=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD-2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
	elif [[ " $_progdb_argopts " == *" $prev "* ]]; then
		opt=$prev
	fi

	# The command is the first word that is neither an option nor the
	# value of --db.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db)	[[ ${COMP_WORDS[i+1]} == = ]] && ((i++)); ((i++)) ;;
		-*|=)	;;
		*)	cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	_progdb_spec "$cmd"

	if [[ -n $opt ]]; then
		case $opt in
		--db|-o|--output)
				_progdb_files ;;
		--format)	_progdb_words "$formats" ;;
		--state)	_progdb_words "open done in_progress cancelled deferred blocked question" ;;
		--min-severity)	_progdb_words "low medium high critical" ;;
		--by)		case $cmd in
				status|weekly)	_progdb_words "owner" ;;
				*)	_progdb_words "owner milestone" ;;
				esac ;;
		--since|--until|--as-of)
				_progdb_words "today yesterday now 7d 2w this-week last-week monday tuesday wednesday thursday friday saturday sunday" ;;
		*)		COMPREPLY=() ;;
		esac
		return 0
	fi

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_progdb_words "--db -q --quiet -h --help --version"
		else
			_progdb_words "$_progdb_commands"
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		_progdb_words "$opts $_progdb_common"
		return 0
	fi
	case $cmd in
	help)	_progdb_words "$_progdb_commands" ;;
	ingest)	_progdb_files ;;
	sql|search)	COMPREPLY=() ;;
	*)	_progdb_words "$opts $_progdb_common" ;;
	esac
	return 0
}
complete -F _progdb progdb
