/*
 * fuzz_parse.c: the lexer and parser on arbitrary bytes.
 *
 * Everything a user's file reaches before the compiler proper runs: the
 * byte checks, the scanner (with comments kept, as `infrac fmt` keeps
 * them), the parser and its error recovery, the AST dump, and the
 * rendering of whatever diagnostics came out in all three formats.  A
 * target for the whole pipeline sits beside this one, not inside it, so
 * each stays fast and a crash names the stage it came from.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzUnit u;
	if (!fuzz_unit_init(&u, data, size))
		return 0;
	Node *root = parse_file(u.arena, u.arena, &u.names, &u.diags, u.file, 0, &u.comments);
	fuzz_check_tree(&u, root);
	Buf dump = {0};
	ast_dump(root, &u.srcs, false, &dump);
	fuzz_check_dump(dump.data, dump.len);
	buf_free(&dump);
	fuzz_render_diags(&u);
	fuzz_unit_free(&u);
	return 0;
}
