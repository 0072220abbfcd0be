" Vim filetype detection for .infra files.
au BufRead,BufNewFile *.infra setfiletype infra
