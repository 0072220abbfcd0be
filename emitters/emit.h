/*
 * emit.h: the one header of the emitters layer.
 *
 * A back end is one file here with one entry point, `void emit_X(Emit
 * *o)`, registered in the table in registry.c.  It reads only the Model
 * (o->m) and adds files to o.  A build hands files on as soon as they
 * are complete (out_flush): the driver writes them into a fresh folder
 * that replaces the output folder only when the whole build has
 * succeeded (runtime/outdir.c).
 *
 * Two things are shared between back ends so that their outputs agree
 * by construction: IAM documents are rendered once (iam.c) and embedded
 * byte for byte by the Terraform back end, and values known only after
 * `terraform apply` are written everywhere as the same Terraform
 * expression (terraform.c).  Each back end also records the facts it
 * relied on (a service's namespace and service account, its requests);
 * consistency.c fails the build if two back ends recorded different
 * values for the same fact.
 */
#ifndef INFRAC_EMIT_H
#define INFRAC_EMIT_H

#include "lower.h"

typedef struct OutFile {
	const char *path; /* relative to the output folder */
	Buf data;
} OutFile;

/* What a policy document is, which decides what IAM allows in it: an
 * identity policy names no principal, a resource policy names one, a
 * trust policy says who may assume a role.  0 is none. */
typedef enum IamDocType { IAM_IDENTITY = 1, IAM_RESOURCE, IAM_TRUST } IamDocType;
/* "identity", "resource", "trust": validate-iam's --type, and messages. */
const char *iam_doc_type_name(IamDocType t);

typedef struct IamDoc {
	const char *path;     /* "iam/role-app.trust.json"; NULL: a document Terraform writes, only checked */
	const Object *owner;  /* the block the document belongs to */
	const char *purpose;  /* "trust", "inline", "managed", "bucket", ... */
	IamDocType type;
	Span span;            /* where the document's content was written */
	Buf json;
	/* A policy written as JSON in an attribute of a Terraform resource
	 * (iam_policy.c): the attribute, its statements (PolicyStmt*), and
	 * what IAM allows for its size (0: no known limit). */
	const Field *field;
	uint32_t file;        /* the JSON file it was read from with file(...), + 1; 0: none */
	const char *id;       /* its Id; NULL: none */
	Vec stmts;
	size_t limit;
	const char *limit_what;
} IamDoc;

/* A statement of a policy parsed from JSON: a `statement` block made from
 * it, which the IAM lint checks as it checks those written in the spec,
 * and what a statement block does not hold. */
typedef struct PolicyStmt {
	Object *st;
	bool allow;
	const char *sid;      /* NULL: none */
	Span sid_span;
	Value *principal;     /* NULL, the string "*", or a map from principal type to a list */
	Value *not_principal;
} PolicyStmt;

/* The attributes of Terraform resources that hold a policy document. */
typedef struct PolicyAttr {
	const char *type, *attr;
	IamDocType doc;
	size_t limit;         /* characters without white space IAM allows; 0: unknown */
	const char *what;     /* "a bucket policy", for the size message */
} PolicyAttr;

typedef struct Fact {
	const char *subject;  /* "service.api" */
	const char *key;      /* "service_account" */
	const char *value;    /* "tracecat/api" */
	const char *emitter;
	Span span;
} Fact;

typedef struct Emit {
	const Model *m;
	Arena *arena;
	Vec files;            /* OutFile* */
	Map paths;            /* interned path -> OutFile*, to refuse a second writer */
	Vec iam;              /* IamDoc*, built once by iam_build */
	Map iam_by_owner;     /* owner Object* -> Vec* of its IamDoc*, for iam_find */
	bool iam_built;
	Graph graph;          /* the typed resources the lowering made (lower/) */
	Vec facts;            /* Fact* */
	const char *emitter;  /* the back end running, for facts */
	bool discard;         /* `check`: each back end's files are dropped once it has run */
	/* `build`: takes files [from, to) once they are complete, and with
	 * them their buffers (driver.c); NULL keeps them in files. */
	void (*flush)(struct Emit *o, size_t from, size_t to);
	void *flush_ctx;
	size_t flushed;       /* files before this one have been flushed */
} Emit;

typedef struct Emitter {
	const char *name;
	const char *summary;
	void (*emit)(Emit *o);
} Emitter;

/* ---- registry.c ---- */

extern const Emitter emitters[];
extern const size_t emitter_count;
const Emitter *emitter_find(const char *name);
/* Lowers the Model (lower/), records the capacity solver's facts (per
 * service: cpu_request "2000m", memory_request "2048Mi", replicas "4",
 * max_surge "25%"), runs every back end in names (NULL: all), then,
 * when no error has been reported, the consistency check. */
void emit_all(Emit *o, const char *const *names, size_t n);
void emit_free(Emit *o);

/* ---- common.c ---- */

void emit_init(Emit *o, const Model *m);
/* A new file at path (a printf format); an internal error if it exists. */
Buf *out_file(Emit *o, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Says the files added so far are complete.  Once there are enough of
 * them they are handed on (Emit.flush), dropped (`check`) or trimmed,
 * so a back end that writes thousands of files never holds them all;
 * emit_all hands on the rest after each back end. */
void out_flush(Emit *o);
/* Hands on every file not yet handed on. */
void out_flush_all(Emit *o);
Diag *out_diag(Emit *o, DiagCode code, Span span, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Reports (OUT-E002) value v, known only after `terraform apply`, where
 * it cannot be written: into "Helm values"; the caller adds the help. */
Diag *out_deferred(Emit *o, const Value *v, const char *into);
void out_fact(Emit *o, const char *subject, const char *key, Span span, const char *fmt, ...) PRINTF_LIKE(5, 6);
const char *out_printf(Emit *o, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* ---- terraform.c ---- */

void emit_terraform(Emit *o);

/* ---- iam.c ---- */

void emit_iam(Emit *o);
void iam_build(Emit *o);
const IamDoc *iam_find(Emit *o, const Object *owner, const char *purpose);
/* The Sid of a statement label: letters and digits only, as IAM wants:
 * ecr_push becomes EcrPush. */
const char *iam_sid(Emit *o, const char *label);

/* ---- common.c: the text of IAM documents ---- */

/* A document's JSON holds values known only after apply as
 * IAM_MARK_OPEN expression IAM_MARK_CLOSE (written by iam_mark).  The
 * file shows them as ${expression}; the heredoc Terraform reads turns them
 * into real interpolations and escapes every other ${ and %{ (IAM policy
 * variables), so Terraform sends AWS exactly the file's text. */
#define IAM_MARK_OPEN '\x01'
#define IAM_MARK_CLOSE '\x02'
void iam_mark(Buf *json, const char *expression);
void iam_text_plain(const IamDoc *d, Buf *out);
void iam_text_heredoc(const IamDoc *d, Buf *out);
/* ---- iam_policy.c ---- */

/* The next row of the table for Terraform type tf_type, from index *at
 * on; NULL when no more. */
const PolicyAttr *policy_attr_next(const char *tf_type, size_t *at);
/* Parses the policy v, an attribute of the Terraform resource obj whose
 * value is written at vs, into d's stmts (PolicyStmt*), id and file;
 * false, with IAM-E019 reported, when it is not a policy document, and
 * false silently when its text is not known before apply. */
bool policy_parse(Emit *o, const Object *obj, const Value *v, Span vs, IamDoc *d);
/* Gives the diagnostics from index `from` on that point into the file a
 * policy was read from (file + 1) a note at the value that read it: two
 * resources may read one file. */
void policy_note_reader(Emit *o, uint32_t file, Span value, size_t from);
/* The statement blocks of a `data aws_iam_policy_document`, for the lint
 * (Terraform writes its JSON); false after an IAM-E019. */
bool policy_from_document(Emit *o, const Object *doc, Vec *stmts);
/* The document iam_build made from field f of a Terraform resource, or NULL. */
const IamDoc *iam_typed_doc(Emit *o, const Object *obj, const Field *f);

/* Checks every IAM and trust document against IAM's rules and common
 * mistakes (iam_lint.c); iam_build runs it once, at its end. */
void iam_lint(Emit *o);

/* ---- helm.c, rbac.c, rbac_lint.c ---- */

void emit_helm(Emit *o);
void emit_rbac(Emit *o);

/* ---- kube.c ---- */

/* The `kubernetes KIND NAME` objects, one file each in k8s/objects/. */
void emit_kube(Emit *o);
/* The RBAC-* checks of rbac_role, team and grant blocks; emit_rbac runs them. */
void rbac_lint(Emit *o);

/* ---- consistency.c ---- */

void consistency_check(Emit *o);

#endif
