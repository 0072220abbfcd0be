" Vim syntax file
" Language:   infra (.infra infrastructure specifications)
" Reference:  docs/language.md, grammar/lexer.l
"
" Install: copy (or link) editors/vim/{syntax,ftdetect,ftplugin}/infra.vim
" into ~/.vim/ (Neovim: ~/.config/nvim/), or add editors/vim to 'runtimepath'.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" Identifiers may contain '-', so 'for-each' is a name, not the keyword 'for'.
if has('patch-7.4.1142') || has('nvim')
  syntax iskeyword @,48-57,_,192-255,-
endif
syntax case match
syntax sync fromstart

" Names.  Plain names are matched so that digits inside them (m7g, IAM-W003)
" are not taken for numbers; they are not highlighted.
syntax match infraName /[A-Za-z_][A-Za-z0-9_-]*/
syntax match infraReference /[A-Za-z_][A-Za-z0-9_-]*\%(\.[A-Za-z0-9_][A-Za-z0-9_-]*\)\+/
syntax match infraFunction /[A-Za-z_][A-Za-z0-9_-]*\ze\s*(/
syntax match infraAttribute /\<\%(\%(module\|import\|param\|field\|output\|let\|for\|in\|if\|else\|allow\|true\|false\|null\)\>\)\@![A-Za-z_][A-Za-z0-9_-]*\ze\s*==\@!/

" Blocks: `kind label... {`, labels being names, numbers or strings.
syntax match infraBlockKind /\<\%(\%(module\|import\|param\|field\|output\|let\|for\|in\|if\|else\|allow\|true\|false\|null\)\>\)\@![A-Za-z_][A-Za-z0-9_-]*\ze\%(\s\+\%([A-Za-z_][A-Za-z0-9_-]*\|\d\+\%(\.\d\+\)\=[A-Za-z%]*\|"\%([^"\\$]\|\\.\|\$\${\|\$\%({\)\@!\|\${\%([^"{}]\|"\%([^"\\]\|\\.\)*"\)*}\)*"\)\)*\s*{/ nextgroup=infraLabel,infraLabelString skipwhite
syntax match infraLabel /[A-Za-z_][A-Za-z0-9_-]*\|\d\+\%(\.\d\+\)\=[A-Za-z%]*/ contained nextgroup=infraLabel,infraLabelString skipwhite
syntax region infraLabelString start=/"/ skip=/\\\\\|\\"/ excludenl end=/"\|$/ contained contains=@infraStringItems nextgroup=infraLabel,infraLabelString skipwhite

" Numbers: plain, with a unit (500m 4Gi 50GiB 90d 10min 25%), CIDR blocks.
syntax match infraNumber /\d\+\%(\.\d\+\)\=/
syntax match infraQuantity /\d\+\%(\.\d\+\)\=[A-Za-z%]\+/
syntax match infraCidr /\d\+\.\d\+\.\d\+\.\d\+\%(\/\d\+\)\=/

syntax match infraOperator /==\|!=\|<=\|>=\|&&\|||\|\.\.\|[-+*\/%<>!=?:]/

" Keywords.
syntax keyword infraKeyword import
syntax keyword infraKeyword module nextgroup=infraModuleName skipwhite
syntax match infraModuleName /[A-Za-z_][A-Za-z0-9_-]*/ contained
" `allow` starts an item only before a name or `{`; elsewhere it is a value.
syntax match infraKeyword /\<allow\>\%(\s*[A-Za-z_{]\)\@=/ nextgroup=infraAllowName skipwhite
syntax match infraAllowName /[A-Za-z_][A-Za-z0-9_-]*/ contained
syntax keyword infraConditional else
syntax keyword infraBoolean true false
syntax keyword infraNull null

" Declarations: `param name: type`, `field name: type`, `let name [: type]`.
syntax keyword infraKeyword param field output let nextgroup=infraDeclName skipwhite
syntax match infraDeclName /[A-Za-z_][A-Za-z0-9_-]*/ contained nextgroup=infraTypeSep skipwhite
syntax match infraTypeSep /:/ contained nextgroup=infraTypeExpr skipwhite
syntax region infraTypeExpr start=/\S\@=/ end=/\ze\s*\%(=\|"\|\/\/\|#\|\/\*\)/ excludenl end=/$/ contained contains=infraBuiltinType,infraNumber,infraOperator,infraName
syntax keyword infraBuiltinType contained any string int bool cpu memory storage duration percent cidr symbol
syntax keyword infraBuiltinType contained enum list map optional ref name instance_type auto one_of variants block blocks secret

" `for x in list {` and `if cond {`: the expression before the `{` is not a
" block header.  Also `[for x in list : expr if cond]`.
syntax cluster infraExpr contains=infraString,infraNumber,infraQuantity,infraCidr,infraBoolean,infraNull,infraOperator,infraFunction,infraReference,infraName,infraForHeader,infraIfHeader,infraGroup
syntax region infraForHeader matchgroup=infraRepeat start=/\<for\>/ end=/\ze[{}\]):]/ excludenl end=/$/ contains=infraIn,infraComment,@infraExpr
syntax keyword infraIn in contained
syntax region infraIfHeader matchgroup=infraConditional start=/\<if\>/ end=/\ze[{}\])]/ excludenl end=/$/ contains=infraComment,@infraExpr
syntax region infraGroup start=/(/ excludenl end=/)\|$/ contained transparent contains=@infraExpr,infraAttribute
syntax region infraGroup start=/\[/ excludenl end=/\]\|$/ contained transparent contains=@infraExpr,infraAttribute
syntax region infraGroup start=/{/ excludenl end=/}\|$/ contained transparent contains=@infraExpr,infraAttribute

" Strings: escapes, `$${` (a literal `${`) and `${ ... }` interpolation,
" which may hold braces and strings of its own.  A string ends at the end of
" its line.
syntax cluster infraStringItems contains=infraEscape,infraBadEscape,infraDollarEscape,infraInterp
syntax region infraString start=/"/ skip=/\\\\\|\\"/ excludenl end=/"\|$/ contains=@infraStringItems
syntax match infraBadEscape /\\./ contained
syntax match infraEscape /\\\%([nrt"\\]\|u\x\{4}\|U\x\{8}\)/ contained
syntax match infraDollarEscape /\$\${/ contained
syntax region infraInterp matchgroup=infraInterpDelim start=/\${/ excludenl end=/}\|$/ contained contains=@infraExpr,infraAttribute

" Heredocs: <<EOT or <<-EOT, ended by a line holding only the delimiter.
" \z(...\) carries the delimiter from the start pattern to the end pattern.
syntax region infraHeredoc matchgroup=infraHeredocDelim start=/<<-\=[ \t]*\z([A-Za-z_][A-Za-z0-9_-]*\).*$/ end=/^\s*\z1\s*$/ contains=infraDollarEscape,infraInterp

" Comments come last so that `//` wins over the `/` operator.
syntax keyword infraTodo TODO FIXME XXX NOTE contained
syntax match infraComment /\/\/.*$/ contains=infraTodo,@Spell
syntax match infraComment /#.*$/ contains=infraTodo,@Spell
syntax region infraComment start=/\/\*/ end=/\*\// contains=infraTodo,@Spell

highlight default link infraComment Comment
highlight default link infraTodo Todo
highlight default link infraString String
highlight default link infraLabelString String
highlight default link infraHeredoc String
highlight default link infraEscape SpecialChar
highlight default link infraDollarEscape SpecialChar
highlight default link infraBadEscape Error
highlight default link infraInterpDelim Special
highlight default link infraHeredocDelim Special
highlight default link infraNumber Number
highlight default link infraQuantity Number
highlight default link infraCidr Number
highlight default link infraBoolean Boolean
highlight default link infraNull Constant
highlight default link infraKeyword Keyword
highlight default link infraConditional Conditional
highlight default link infraRepeat Repeat
highlight default link infraIn Repeat
highlight default link infraBlockKind Type
highlight default link infraBuiltinType Type
highlight default link infraLabel Label
highlight default link infraAllowName Label
highlight default link infraModuleName Identifier
highlight default link infraDeclName Identifier
highlight default link infraAttribute Identifier
highlight default link infraReference Identifier
highlight default link infraFunction Function
highlight default link infraOperator Operator

let b:current_syntax = 'infra'

let &cpo = s:cpo_save
unlet s:cpo_save
