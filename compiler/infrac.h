/*
 * infrac.h: the one header of the compiler layer.
 *
 * The compiler turns the AST into the Model: it loads imports, expands
 * modules (params, lets, for, if) into blocks, evaluates every value with
 * its type from the resource kinds declared in stdlib/, checks the
 * result, and solves capacity.  The Model is a list of Objects, one per
 * block, whose fields hold typed, resolved Values with units normalised;
 * every Value keeps the span it came from so later stages can point at
 * the line a human wrote.
 *
 * Emitters include this header for the Model, and call a few services of
 * the compiler besides: naming rules, the capacity plan, diagnostics
 * through the Compiler the Model keeps.
 *
 * Sections are named after the .c file that defines them.
 */
#ifndef INFRAC_H
#define INFRAC_H

#include "grammar.h"
#include "runtime.h"

typedef struct Type Type;
typedef struct Value Value;
typedef struct Kind Kind;
typedef struct Field Field;
typedef struct Object Object;
typedef struct Module Module;
typedef struct Scope Scope;
typedef struct Compiler Compiler;
typedef struct Model Model;
typedef struct Catalog Catalog;
typedef struct Plan Plan;
typedef struct SchemaFile SchemaFile;

/* ---- types.c ---- */

typedef enum TypeKind {
	T_ANY, T_STRING, T_INT, T_BOOL, T_CPU, T_MEMORY, T_STORAGE, T_DURATION, T_PERCENT,
	T_CIDR, T_ENUM, T_LIST, T_MAP, T_OPTIONAL, T_REF, T_NAME, T_INSTANCE, T_SYMBOL,
	T_AUTO, T_ONE_OF, T_BLOCK, T_BLOCKS, T_VARIANTS, T_SECRET,
	T_RANGE, /* range(lo..hi): one contiguous run of integers, such as ports */
	T_EXISTING, /* existing(aws_vpc): something made outside the spec (rule: its Terraform type) */
} TypeKind;

struct Type {
	TypeKind kind;
	Type *elem;               /* list, map, optional, auto */
	const char **members;     /* enum members, interned */
	uint32_t nmembers;
	Kind **kinds;             /* ref, block, blocks, variants */
	uint32_t nkinds;
	Type **alts;              /* one_of */
	uint32_t nalts;
	bool has_range;
	int64_t min, max;         /* int and quantity ranges, string lengths */
	int64_t step;             /* quantity granularity: storage(GiB) needs whole GiB */
	const char *step_name;
	const char *rule;         /* name(rule); existing(TYPE): the Terraform type */
};

extern Type type_any, type_string, type_int, type_bool, type_cpu, type_memory, type_storage,
	type_duration, type_percent, type_cidr, type_symbol;

Type *type_from_node(Compiler *c, Node *n, bool schema);
/* "a memory quantity", "a list of strings", "one of `a`, `b`". */
void type_describe(const Type *t, Buf *out);
const char *type_describe_a(Compiler *c, const Type *t);
bool type_has_member(const Type *t, const char *name);
bool type_takes_symbol(const Type *t);
Type *type_strip(Type *t); /* without optional/auto wrappers */
bool type_is_block(const Type *t);
/* What a string naming an existing thing of Terraform type `type` must
 * be, for existing(TYPE): "a VPC id"; NULL when existing() cannot take
 * the type.  Whether string s (len bytes) is one; *why says what is wrong. */
const char *type_existing_words(const char *type);
bool type_existing_string(const char *type, const char *s, size_t len, const char **why);

/* ---- value.c ---- */

typedef enum ValueKind {
	V_ERROR,    /* an error was reported; propagate silently */
	V_NULL, V_BOOL, V_INT, V_QTY, V_STRING, V_CIDR, V_SYMBOL, V_LIST, V_MAP,
	V_REF,      /* a block */
	V_DEFERRED, /* an output known only after terraform apply */
	V_TEMPLATE, /* a string with deferred parts: items are strings and deferreds */
	V_KINDSET,  /* every block of a kind */
	V_CHOICE,   /* cheapest([...]): items are symbols */
	V_AUTO,     /* `auto`: chosen by the capacity solver */
	V_RANGE,    /* `a..b` where a range type is wanted: i = a, n = b - a + 1 */
} ValueKind;

typedef enum Dim { DIM_CPU = 1, DIM_MEMORY, DIM_STORAGE, DIM_DURATION, DIM_PERCENT } Dim;

/* A Spec of 10,000 services makes a million Values, so the fields no kind
 * uses together share their storage. */
struct Value {
	ValueKind kind;
	Span span;         /* the expression it came from */
	/* A scalar has i and a collection items, never both, and no kind
	 * has two of obj, keys, kind_of and type: sharing their storage
	 * keeps a value in 56 bytes (a large spec makes millions). */
	union {
		int64_t i;         /* bool, int, quantity (millicores, bytes, seconds, 0.01%),
				      cidr address, range start */
		Value **items;     /* list items, map values, template parts, choice candidates */
	};
	const char *s;     /* string, symbol (dotted text), output name (V_DEFERRED),
			      field name (a V_LIST of a block field's blocks) */
	union {
		Object *obj;       /* V_REF, V_DEFERRED; the owner of a block field's V_LIST */
		const char **keys; /* V_MAP: keys (interned) */
		Kind *kind_of;     /* V_KINDSET */
		const Type *type;  /* V_SYMBOL: the enum it belongs to, when known */
	};
	uint32_t n;        /* items */
	union {
		uint32_t len;      /* V_STRING: length */
		uint32_t size;     /* V_LIST, V_MAP: values inside, itself included, saturating */
	};
	uint8_t dim;       /* V_QTY: a Dim */
	uint8_t prefix;    /* V_CIDR */
	uint16_t depth;    /* V_LIST, V_MAP: levels of nesting, 0 until measured (eval.c) */
	uint32_t text;     /* V_LIST, V_MAP: bytes of the strings inside, saturating, once measured */
};

extern Value value_error;
Value *value_new(Compiler *c, ValueKind k, Span span);
Value *value_string(Compiler *c, const char *s, size_t len, Span span);
Value *value_int(Compiler *c, int64_t v, Span span);
Value *value_bool(Compiler *c, bool v, Span span);
Value *value_qty(Compiler *c, Dim d, int64_t v, Span span);
Value *value_symbol(Compiler *c, const char *s, Span span);
Value *value_map_get(const Value *m, const char *key);
bool value_equal(const Value *a, const Value *b);
/* Text of a scalar as interpolation renders it; false if it has none. */
bool value_to_text(const Value *v, Buf *out);
/* "cpu `500m`", "a string", "a reference to network `main`". */
void value_describe(const Value *v, Buf *out);
const char *value_describe_a(Compiler *c, const Value *v);
void qty_format(Dim d, int64_t v, Buf *out);
const char *dim_name(Dim d);
bool value_is_known(const Value *v); /* no deferred parts */
/* A list with items, or a whole list known only after apply. */
bool value_has_items(const Value *v);

/* ---- schema.c ---- */

/* What a provider schema says of an attribute besides its type. */
enum {
	FIELD_COMPUTED = 1,   /* the provider may set it: a reference reads it after apply */
	FIELD_SENSITIVE = 2,  /* never a literal in the specification */
	FIELD_DEPRECATED = 4, /* setting it is a warning */
	FIELD_WRITE_ONLY = 8, /* sent to the provider, never stored in the state */
	FIELD_META = 16,      /* a Terraform meta-argument: depends_on, lifecycle */
};

struct Field {
	const char *name;
	Type *type;
	Node *def;        /* default expression, or NULL */
	Value *def_value; /* def evaluated, when it is a literal: the same for every block */
	const char *doc;
	bool output;      /* declared with `output` */
	bool required;    /* no default and not optional */
	uint8_t flags;    /* FIELD_*, for kinds read from a provider schema */
	uint32_t index;
	Span span;
	Kind *owner;
};

struct Kind {
	const char *name;
	const char *doc;
	int min_labels, max_labels;
	bool nested;        /* only inside another block */
	const char *variant;/* label that selects this kind in a variants(...) field */
	const char *label_rule; /* name(rule) check on the first label */
	const char *tf_type;    /* a Terraform resource type or data source (provider.c), else NULL */
	const char *provider;   /* its provider's local name, "aws" */
	bool data;              /* tf_type is a data source */
	const char *api_version; /* a Kubernetes kind (kube.c): "apps/v1", else NULL */
	bool namespaced;        /* a Kubernetes kind whose objects live in a namespace */
	SchemaFile *lazy_file;  /* a nested kind of a provider schema whose fields */
	uint32_t lazy_at;       /* are read from here + 1 when first needed (provider_load) */
	uint8_t lazy_depth;
	Field **fields;
	uint32_t nfields;
	Map by_name;        /* field name -> Field* */
	Map by_literal;     /* caller's string pointer -> Field*, for obj_get */
	Span span;
};

bool schema_load(Compiler *c);
Kind *schema_kind(Compiler *c, const char *name);
Field *kind_field(const Kind *k, const char *name);

/* ---- provider.c ---- */

/* The kind of Terraform resource type `type` (data: of the data source)
 * from the provider schemas in stdlib/providers/, read on first use; NULL
 * when no schema describes it.  A schema file that cannot be read is an
 * I/O error (exit 2). */
Kind *provider_kind(Compiler *c, bool data, const char *type);
/* Whether a schema describes types named like name ("aws_..."). */
bool provider_has_prefix(Compiler *c, const char *name);
/* The names of every resource type (or data source) of the provider
 * that type belongs to, for suggestions. */
size_t provider_type_names(Compiler *c, bool data, const char *type, const char ***out);
/* The version of provider `local` that the schema describes, and its
 * source address; NULL when none is installed. */
const char *provider_version(Compiler *c, const char *local, const char **source);
/* The type of the value at path ("vpc_config[0].cluster_security_group_id")
 * inside a block of kind k; NULL when the path does not exist. */
const Type *provider_path_type(Compiler *c, Kind *k, const char *path);
/* The kind whose fields a `.` reaches after a value of type t: a nested
 * block's or an object's, its fields read; NULL for other types. */
Kind *provider_members(Compiler *c, const Type *t);
/* Reads the fields of a nested kind of a provider schema, the first time
 * a block of it is written or a reference goes through it. */
void provider_load(Compiler *c, Kind *k);
void provider_free(Compiler *c);
/* A schema file of Kubernetes kinds: mapped from path, or, when text is
 * not NULL, the text (malloc'd; the file takes it) made from a CRD.  Its
 * index is read; NULL when it cannot be. */
SchemaFile *provider_file_open(Compiler *c, const char *path, char *text, size_t len);
/* The kind `type` of file f, its fields read; NULL when the file does
 * not describe it.  header, when not NULL, receives the two words after
 * the type in its section's header (a Kubernetes kind's apiVersion and
 * scope). */
Kind *provider_file_kind(Compiler *c, SchemaFile *f, bool data, const char *type, const char *header[2]);

/* The names of every resource type (or data source) of schema file f. */
size_t provider_file_names(Compiler *c, SchemaFile *f, bool data, const char ***out);
/* Adds fields to a kind read from a schema file. */
void provider_add_fields(Compiler *c, Kind *k, Field **extra, size_t n);

/* ---- kube.c ---- */

/* Reads the CRD files named by a top-level `crds = [...]` (node is the
 * attribute), relative to the file that names them. */
void kube_load_crds(Compiler *c, Node *attr, Scope *s);
/* The Kubernetes kind `name` ("Deployment", "NodePool"): a CRD's the
 * specification loaded, else a built-in kind of the pinned Kubernetes
 * version; NULL when neither describes it. */
Kind *kube_kind(Compiler *c, const char *name);
/* The kind `name` in apiVersion api (a CRD's other served version), or
 * as kube_kind gives it when api is NULL or not one of its versions. */
Kind *kube_kind_version(Compiler *c, const char *name, const char *api);
/* Every kind name kube_kind knows, for suggestions. */
size_t kube_kind_names(Compiler *c, const char ***out);
/* Checks what the schema cannot say of Kubernetes objects: scope. */
void kube_check(Compiler *c);

/* ---- load.c ---- */

typedef struct Param {
	const char *name;
	Node *decl;
	Type *type;
	Node *arg;          /* the value given at the import, or NULL */
	Scope *arg_scope;   /* where arg is evaluated */
	Value *value;
	int state;
} Param;

/* The state of a let or param: not evaluated, being evaluated (a second
 * visit is a cycle), done. */
enum { LET_NEW, LET_BUSY, LET_DONE };

typedef struct Let {
	const char *name;
	Node *node;
	Type *type;
	Scope *scope;
	Value *value;
	int state;
} Let;

struct Module {
	const char *name;     /* from `module NAME`, or the file's name */
	Node *root;
	uint32_t file;
	Node *import;         /* the import that instantiated it, NULL for the root */
	Module *importer;
	Map params;           /* name -> Param* */
	Map lets;             /* name -> Let* */
	Scope *scope;
	Vec children;         /* Module*: the instances its imports made, in the order of the imports */
};

/* Where the values jsonencode(...) wrote came from: the offset of each in
 * the text (a deferred part counting one byte), increasing, and its span. */
typedef struct JsonSpans {
	uint32_t n;
	uint32_t *off;
	Span *span;
} JsonSpans;

bool load_program(Compiler *c, const char *path);
int load_data_file(Compiler *c, uint32_t from, const char *rel, const char **shown, const char **why);
/* Whether a real path lies under a folder the specification may read
 * from (its checkout, the working folder, the standard library, -I). */
bool load_path_allowed(Compiler *c, const char *real);

/* ---- scope.c ---- */

struct Scope {
	Scope *up;
	Module *mod;
	Map vars;          /* for variables and block-local lets: name -> Let* */
	Object *self;      /* field defaults and outputs see the block's fields */
	Object *owner;     /* the block whose body this scope is */
};

Scope *scope_new(Compiler *c, Scope *up, Module *mod);
/* Binds name to a value already known. */
void scope_bind(Compiler *c, Scope *s, const char *name, Value *v);

/* ---- eval.c ---- */

Value *eval(Compiler *c, Scope *s, Node *n, const Type *want);
Value *eval_let(Compiler *c, Let *l);
Value *eval_param(Compiler *c, Param *p);
Value *coerce(Compiler *c, Value *v, const Type *t, Span at);
/* The value of a field of a block, evaluated on first use. */
Value *obj_eval(Compiler *c, Object *o, Field *f, Span use);
/* The evaluation budget.  The language has no recursion and no loop
 * but `for` over finite lists, yet a few lines can still ask for an
 * exponential amount of work: `let`s that each repeat the one before
 * twice, `replace` that squares a string, `for` nested in `for`, modules
 * that each import the next twice.  So the work of loading, expanding
 * and evaluating is charged in steps, each about 50 bytes allocated or
 * a little more scanned, against a budget proportional to the source.
 * Evaluation stops with one diagnostic where the budget runs out, so
 * time and memory stay linear in the input; real specifications spend
 * a small part of it (docs/language.md). */
enum {
	BUDGET_PER_BYTE = 64,     /* steps for each byte of the files loaded */
	BUDGET_BASE = 1 << 20,    /* and steps for any specification */
	STEP_BYTES = 32,          /* bytes of text built or scanned in a step */
	STEP_ITEMS = 16,          /* list or map entries scanned in a step */
	STEP_SCOPE = 8,           /* an iteration: its scope and variables */
	STRING_MAX = 4 << 20,     /* bytes of a string that is built */
};

/* The steps a compilation may take, for the files it has loaded so far. */
uint64_t budget_total(const Compiler *c);
/* Charges steps for work done at `at`; false, after one diagnostic
 * there, once the budget is spent: the caller stops. */
bool budget_spend(Compiler *c, uint64_t steps, Span at);
/* What a value kept in a field costs: its values and its text. */
bool budget_spend_value(Compiler *c, Value *v, Span at);
/* Iteration i of a `for` over coll: a scope, its variables, a copy of
 * the key of a map. */
bool budget_spend_iteration(Compiler *c, const Value *coll, uint32_t i, Span at);
/* A string's text interned, charged as text scanned; NULL, after the
 * diagnostic, when the budget is spent. */
const char *budget_intern(Compiler *c, const Value *s, Span at);

/* ---- expand.c ---- */

/* One per field of every block: a million for 10,000 services.
 *
 * Once every field has been evaluated, the syntax trees are freed
 * (compile.c), and all a slot keeps of its attribute is where it was
 * written: the two halves of the union below are never used together,
 * and `dropped` says which one holds.  Code that runs after checking
 * reads attributes through obj_written, obj_attr_span and obj_value_span
 * (model.c). */
typedef struct Slot {
	union {
		struct {                /* while the syntax tree lives */
			Node *attr;     /* the attribute item (its value is attr->a), or NULL when unset */
			Scope *scope;   /* where attr->a is evaluated */
		};
		struct {                /* once it is dropped */
			Span attr_span; /* `name = value`; end 0 when unset */
			uint32_t value_start; /* the value runs from here to attr_span.end */
		};
	};
	Value *value;
	Vec *blocks;        /* nested blocks of a block/blocks/variants field: Object*; NULL: none */
	uint8_t state;      /* 0 not evaluated, 1 evaluating, 2 done */
	bool dropped;       /* the second half of the union holds */
} Slot;

static inline Node *slot_node(const Slot *s)
{
	return !s->dropped && s->attr ? s->attr->a : NULL;
}

static inline const Vec *slot_blocks(const Slot *s)
{
	static const Vec none;
	return s->blocks ? s->blocks : &none;
}

struct Object {
	Kind *kind;
	const char *word;   /* the word that opened the block: kind or field name */
	const char *name;   /* first label, or NULL */
	const char **labels;
	uint32_t nlabels;
	Object *parent;
	Field *parent_field;
	Span span, name_span;
	Scope *scope;
	Slot *slots;        /* one per field of kind */
	uint32_t id;        /* creation order */
	Module *module;
	const char *path;   /* "cluster.eks.pool.spot" */
};

bool expand_program(Compiler *c);
Object *obj_lookup(Compiler *c, Kind *k, const char *name);
Object *obj_child(Object *o, const char *field, const char *name);

/* ---- check.c ---- */

void check_program(Compiler *c);
/* check_model.c: the rules across blocks, on the Model of a whole spec
 * that compiled without errors. */
void check_model(Compiler *c);

/* ---- rules.c ---- */

/* Whether s follows naming rule `rule` ("s3_bucket", "dns_label"...);
 * *why says what is wrong when not. */
bool name_rule_check(const char *rule, const char *s, const char **why);

/* ---- names.c ---- */

/* The longest label: labels become folder and file names, and a name
 * holds at most 255 bytes.  The longest file name made from a label,
 * iam/flow_logs-NETWORK_flow_logs.inline.json, has 233; a back end that
 * made a file name of several labels would have to keep within 255. */
enum { NAMES_MAX = 200 };

/* A block's name in Terraform and in file names: its labels, after its
 * parents', joined by `_`, with what Terraform names cannot hold as `_`. */
const char *names_terraform(Arena *a, const Object *obj);
/* s as a Terraform name: every byte Terraform refuses in one becomes `_`. */
const char *names_ident(Arena *a, const char *s);
/* Whether every name the labels become is safe and unique (check stage). */
void names_check(Compiler *c);

/* ---- secrets.c ---- */

/* Reports secrets written as literals under keys that name them. */
void secrets_check(Compiler *c);

/* ---- catalog.c ---- */

typedef struct InstanceType {
	const char *name;
	const char *arch;
	int64_t vcpu;
	int64_t memory_mib;
	int64_t max_pods;
	bool trunking;
	int64_t branch_enis;
	double price;       /* on-demand USD per hour */
	const char *source;
} InstanceType;

struct Catalog {
	InstanceType *types;
	uint32_t len;
	const char *path;
	void *raw;          /* the libcyaml allocation */
};

Catalog *catalog_load(Compiler *c, const char *path);
const InstanceType *catalog_find(const Catalog *cat, const char *name);
void catalog_free(Catalog *cat);

/* ---- capacity.c ---- */

typedef struct Resources {
	int64_t cpu_m, mem_mib, pod_eni, pods;
} Resources;

typedef struct PlanWorkload {
	Object *svc;
	int64_t replicas, peak, surge_bp;
	int64_t cpu_m, mem_mib;   /* request per pod */
	bool pod_eni;
	Vec pools;                /* eligible PlanPool* */
	int64_t unplaced;
	const char *why;          /* why the first unplaced pod did not fit */
} PlanWorkload;

typedef struct PlanPool {
	Object *pool;
	const InstanceType *type;  /* chosen */
	Value *choice;             /* V_CHOICE when the solver picked the type */
	const char *ami;           /* AMI type, resolved from auto */
	bool spot, counted, auto_desired;
	int64_t min, desired, max;
	Resources node;            /* schedulable per node */
	const char *src_cpu, *src_mem, *src_eni, *src_pods; /* "spec" or "catalog" */
	double monthly_usd;
} PlanPool;

typedef struct PlanCluster {
	Object *cluster;
	int64_t surge_bp;
	Resources required, reserved, capacity;
	int64_t headroom_cpu_m, headroom_mem_mib;
	double cpu_percent, mem_percent;
	bool fits;
	int64_t unplaced;
	double monthly_usd;
	Vec pools;                 /* PlanPool* */
	Vec workloads;             /* PlanWorkload* */
} PlanCluster;

struct Plan {
	Vec clusters;              /* PlanCluster* */
	PlanWorkload **workload_of; /* by the service's Object id */
	PlanPool **pool_of;         /* by the pool's Object id */
	size_t nids;
};

void capacity_solve(Compiler *c);
PlanPool *plan_pool(const Plan *p, const Object *pool);
PlanWorkload *plan_workload(const Plan *p, const Object *svc);
void plan_report_text(const Plan *p, Buf *out);
void plan_report_json(const Plan *p, Buf *out);
void plan_free(Plan *p);
/* EKS allocatable derived from the catalog (see capacity.c). */
Resources instance_allocatable(const InstanceType *t);
int64_t kube_reserved_cpu_m(int64_t vcpu);

/* ---- diag.c ---- */

/* The phases `--timings` reports, in the order they run. */
typedef enum Phase {
	PHASE_SCHEMA, PHASE_LOAD, PHASE_EXPAND, PHASE_CHECK, PHASE_CATALOG, PHASE_CAPACITY, PHASE_MODEL, PHASE_EMIT,
	PHASE_COUNT
} Phase;
extern const char *const phase_names[PHASE_COUNT];
double clock_ms(void);
/* A diagnostic of the compilation: none while alternatives are tried
 * (Compiler.quiet), and at the place of use for a problem in a default
 * of the standard library. */
Diag *compiler_diag(Compiler *c, DiagCode code, Span span, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Adds `did you mean NAME?` to g, for the candidate closest to name. */
void suggest_name(Compiler *c, Diag *g, const char *name, const char *const *cands, size_t n);
/* A path as messages show it: relative to the working folder when under it. */
const char *load_display_path(Compiler *c, const char *path);

/* ---- compile.c ---- */

typedef struct CompileOptions {
	const char **include_dirs;
	int ninclude;
	const char *stdlib_dir;   /* NULL: found next to the executable or installed */
	const char *catalog;      /* --catalog FILE */
	bool werror;
	bool solve;               /* run the capacity solver */
	/* The root file's bytes, when they are not to be read from the path
	 * given to compile_file; the path still names the file in
	 * diagnostics, and its imports are looked for next to it. */
	const char *root_text;
	size_t root_len;
	/* A compiler that ran schema_load, successfully, and nothing else:
	 * its kinds are borrowed, not loaded again (the fuzz target compiles
	 * thousands of inputs).  One borrower at a time: the kinds' caches
	 * (Field.def_value, Kind.by_literal) fill during a compilation and
	 * are emptied when the borrower is freed. */
	const Compiler *schema;
} CompileOptions;

struct Compiler {
	Arena *arena;
	Arena *tree;        /* the syntax trees of the user's files; NULL once checked (compile.c) */
	Interner names;
	SrcMap srcs;
	Diags diags;
	CompileOptions opt;
	const char *stdlib_dir;
	Map kinds;          /* name -> Kind* */
	Map files;          /* real path -> Node* (parsed once) */
	Map file_ids;       /* real path -> file index + 1 */
	Vec modules;        /* Module* */
	Map shared_instances; /* SrcFile real path -> the Module its parameterless imports share */
	Map import_files;   /* import Node* -> its file, resolved once (load.c) */
	Vec import_roots;   /* real paths of the folders imports may read from (load.c) */
	Map data_files;     /* the text of a file(...) string -> its file id + 1 (eval.c), so its
			       JSON can be placed in that file */
	Map json_spans;     /* the text of a jsonencode(...) string (its items when it has deferred
			       parts) -> JsonSpans (eval.c) */
	Module *root;
	Vec import_stack;   /* Node* imports being loaded, for cycle reports */
	Vec objects;        /* Object*, creation order */
	Map tops;           /* kind name -> Map* (label -> Object*) of top-level blocks */
	Map failed_labels;  /* labels of blocks that could not be created (expand.c) */
	Vec eval_frames;    /* what is being evaluated (EvalFrame, in eval.c), for cycle reports */
	size_t eval_frames_cap;
	bool expanding;     /* blocks do not exist yet */
	int quiet;          /* > 0: diagnostics are dropped (trying alternatives) */
	uint32_t quiet_errors;
	Object *environment;
	Catalog *catalog;
	Plan *plan;
	Model *model;
	Span use_span;      /* where a schema default is being used, for its errors */
	Value *unset;       /* the value of the last unset optional field (eval.c) */
	bool io_error;      /* a file could not be read: exit status 2 */
	double phase_ms[PHASE_COUNT]; /* the time of each phase */
	size_t phase_bytes[PHASE_COUNT]; /* what each phase allocated in the arena */
	Vec stdlib_files;   /* file ids of the standard library, as uintptr_t */
	Vec scopes;         /* every Scope, so their maps can be freed */
	Map enum_words;     /* every enum member of every declared type */
	uint64_t source_bytes; /* of the files load.c read: the evaluation budget grows with them */
	uint64_t steps;     /* evaluation steps spent (eval.c) */
	bool out_of_steps;  /* the budget is spent: evaluation stops */
	Vec providers;      /* SchemaFile*, read on first use (provider.c) */
	bool providers_loaded;
	Map provider_kinds; /* "aws_sqs_queue", "data.aws_vpc" -> Kind* */
	Vec provider_made;  /* every Kind provider.c made, nested ones too, to free their maps */
	Vec kube_files;     /* SchemaFile*: the built-in Kubernetes kinds and each CRD (kube.c) */
	Map kube_kinds;     /* Kubernetes kind name -> Kind*, CRDs' first */
	Map kube_crds;      /* real path of each CRD file read -> (void *)1: a module imported twice reads it once */
	SchemaFile *kube_builtin; /* opened on the first Kubernetes object */
	bool kube_loaded;
	bool kube_crd_failed; /* a CRD file was reported: an unknown kind may be its */
};

Compiler *compiler_new(const CompileOptions *opt);
void compiler_free(Compiler *c);
/* Loads, expands, evaluates and checks path; false when there are errors. */
bool compile_file(Compiler *c, const char *path);

/* ---- model.c ---- */

struct Model {
	Vec objects;        /* every Object, creation order */
	Map by_kind;        /* kind name -> Vec* of Objects, nested ones included */
	Map by_literal;     /* caller's string pointer -> Vec*, for model_kind */
	Map users;          /* Field* -> Map* (target Object* -> Vec* of Objects), for model_users */
	Map trusts;         /* trust Object* -> its service accounts, for model_trust_accounts */
	Map principals;     /* interned ARN -> the role or user that has it, for model_principal */
	bool principals_built;
	Object *environment;
	const char *env_name;
	Catalog *catalog;
	Plan *plan;
	Compiler *c;
};

/* Field and kind names given to these accessors must live as long as the
 * Model and never change (string literals, interned names): lookups are
 * cached by the pointer, so a reused buffer would find a stale answer. */
Value *obj_get(const Object *o, const char *field);
const char *obj_str(const Object *o, const char *field);
int64_t obj_int(const Object *o, const char *field);
bool obj_bool(const Object *o, const char *field);
/* The block of this spec a field names; NULL when it is unset or names
 * something existing (an id, a typed resource or data source). */
Object *obj_ref(const Object *o, const char *field);
const Vec *obj_blocks(const Object *o, const char *field);
/* The objects of `kind` whose `field` refers to target, directly or in a
 * list, in creation order: the services that use a role, say. */
const Vec *model_users(const Model *m, const Object *target, const char *kind, const char *field);
void model_free(Model *m);
bool obj_has(const Object *o, const char *field);
/* Whether field was written in the block rather than left to its default. */
bool obj_written(const Object *o, const char *field);
/* The attribute that sets field, for diagnostics; the block's name when
 * the field has its default. */
Span obj_attr_span(const Object *o, const char *field);
/* The value of that attribute, after the `=`; the block's name likewise. */
Span obj_value_span(const Object *o, const char *field);
/* Whether field f of o was written, and where: the whole `name = value`
 * in *attr and the value in *value. */
bool slot_written(const Object *o, const Field *f, Span *attr, Span *value);
const Vec *model_kind(const Model *m, const char *kind);
/* Where to report a field of a block: its value when written inside the
 * block, else the attribute, else the block's name. */
Span obj_field_span(const Object *o, const char *field);
/* The name of an object that has a `name` field, else its label. */
const char *obj_name(const Object *o);
/* Whether a block's `description` says something (not empty). */
bool obj_described(const Object *o);
/* A service's namespace name: its own, its release's, or "default". */
const char *svc_namespace(const Object *svc);
/* The existing thing a block adopts (its `existing` field: a network, a
 * subnet tier, a cluster, a pool), or NULL when infrac makes it. */
const Value *obj_adopted(const Object *o);
/* Whether infrac makes node groups for a cluster, and so its node role:
 * always for a cluster it makes, else when a pool is not adopted. */
bool cluster_makes_nodes(const Object *cl);
typedef struct TrustAccount {
	const char *ns, *sa;
} TrustAccount;
/* The service accounts an irsa or pod_identity trust of role covers: the
 * ones it names, else those of the services that use the role. */
size_t model_trust_accounts(const Model *m, const Object *role, const Object *trust, const TrustAccount **out);
/* The first irsa or pod_identity trust of role (only `variant` ones when
 * not NULL) on cluster that covers service account ns/sa; NULL if none. */
const Object *model_trust_covering(const Model *m, const Object *role, const Object *cluster, const char *ns,
				   const char *sa, const char *variant);
/* The role or user of the spec whose ARN arn is (a string), or NULL. */
const Object *model_principal(const Model *m, const Value *arn);
/* The OIDC provider a github trust names, or the spec's only one. */
const Object *model_github_provider(const Model *m, const Object *trust);
/* The service account of an EKS add-on (its namespace in *ns when known),
 * or NULL when infrac does not know it. */
const char *addon_account(const Object *addon, const char **ns);
void model_dump_json(const Model *m, Buf *out);

/* ---- fmt.c ---- */

/* Prints the tree of a file that parsed without errors, with the comments
 * the parser collected, in the canonical layout. */
void fmt_tree(const SrcFile *f, const Node *root, const Vec *comments, Buf *out);
/* `infrac fmt`: rewrites path in the canonical layout (atomically, only
 * when its text changes) or, with check, prints `would reformat path`
 * when it would.  Syntax errors go to doc.  Returns 0, 1 (syntax errors,
 * or check found a change) or 2 (I/O errors). */
int fmt_file(const char *path, bool check, DiagDoc *doc);

#endif
