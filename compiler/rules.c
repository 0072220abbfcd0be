/*
 * rules.c: the naming rules of the places names go: S3 buckets, IAM
 * roles and users, Kubernetes names and labels, EKS clusters, SSM
 * parameters, Terraform addresses...  A field typed `name(RULE)` is
 * checked against its rule where its value is evaluated; the rules
 * themselves depend on nothing else in the compiler.
 */
#include "infrac.h"

#include <ctype.h>
#include <string.h>

static bool all_chars(const char *s, const char *extra, bool lower_only)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isdigit(ch) || (ch >= 'a' && ch <= 'z') || (!lower_only && ch >= 'A' && ch <= 'Z'))
			continue;
		if (ch < 0x80 && strchr(extra, ch))
			continue;
		return false;
	}
	return true;
}

static bool alnum_ends(const char *s, bool lower_only)
{
	size_t n = strlen(s);
	if (n == 0)
		return false;
	unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
	bool ok_a = isdigit(a) || (a >= 'a' && a <= 'z') || (!lower_only && a >= 'A' && a <= 'Z');
	bool ok_z = isdigit(z) || (z >= 'a' && z <= 'z') || (!lower_only && z >= 'A' && z <= 'Z');
	return ok_a && ok_z;
}

static bool dns_label(const char *s, size_t max, const char **why)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return *why = max == 63 ? "it must be 1 to 63 characters" : "it is too long", false;
	if (!all_chars(s, "-", true))
		return *why = "only lower-case letters, digits and `-` are allowed", false;
	if (!alnum_ends(s, true))
		return *why = "it must start and end with a letter or digit", false;
	return true;
}

static bool dns_subdomain(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return *why = "it must be 1 to 253 characters", false;
	if (!all_chars(s, "-.", true))
		return *why = "only lower-case letters, digits, `-` and `.` are allowed", false;
	if (!alnum_ends(s, true))
		return *why = "it must start and end with a letter or digit", false;
	return true;
}

/* ---- what each rule adds to its length and characters ---- */

static bool more_dns_label(const char *s, size_t n, const char **why)
{
	(void)n;
	return dns_label(s, 63, why);
}

static bool more_dns_subdomain(const char *s, size_t n, const char **why)
{
	(void)n;
	return dns_subdomain(s, why);
}

static bool more_s3_bucket(const char *s, size_t n, const char **why)
{
	if (!alnum_ends(s, true))
		return *why = "it must start and end with a letter or digit", false;
	if (strstr(s, ".."))
		return *why = "two periods in a row are not allowed", false;
	int dots = 0, digits = 0;
	for (const char *p = s; *p; p++)
		dots += *p == '.', digits += isdigit((unsigned char)*p) != 0;
	if (dots == 3 && digits + dots == (int)n)
		return *why = "it must not look like an IP address", false;
	if (str_has_prefix(s, "xn--") || str_has_prefix(s, "sthree-") || str_has_prefix(s, "amzn-s3-demo-"))
		return *why = "the prefixes `xn--`, `sthree-` and `amzn-s3-demo-` are reserved", false;
	if (str_has_suffix(s, "-s3alias") || str_has_suffix(s, "--ol-s3") || str_has_suffix(s, ".mrap") ||
	    str_has_suffix(s, "--x-s3"))
		return *why = "the suffixes `-s3alias`, `--ol-s3`, `.mrap` and `--x-s3` are reserved", false;
	return true;
}

static bool more_k8s_label_key(const char *s, size_t n, const char **why)
{
	(void)n;
	const char *slash = strchr(s, '/');
	const char *name = slash ? slash + 1 : s;
	if (slash) {
		char prefix[256];
		size_t pn = (size_t)(slash - s);
		if (pn == 0 || pn > 253)
			return *why = "the prefix must be a DNS subdomain of at most 253 characters", false;
		memcpy(prefix, s, pn);
		prefix[pn] = 0;
		if (!dns_subdomain(prefix, why))
			return *why = "the prefix before `/` must be a DNS subdomain", false;
	}
	size_t nn = strlen(name);
	if (nn == 0 || nn > 63)
		return *why = "the name part must be 1 to 63 characters", false;
	if (!all_chars(name, "-_.", false) || !alnum_ends(name, false))
		return *why = "the name part uses letters, digits, `-`, `_` and `.`, and starts and ends "
			      "with a letter or digit", false;
	return true;
}

static bool more_k8s_label_value(const char *s, size_t n, const char **why)
{
	if (n && !alnum_ends(s, false))
		return *why = "label values use letters, digits, `-`, `_` and `.`, and start and end with a "
			      "letter or digit", false;
	return true;
}

static bool more_eks_cluster(const char *s, size_t n, const char **why)
{
	(void)n;
	if (!isalnum((unsigned char)s[0]))
		return *why = "only letters, digits, `-` and `_` are allowed, starting with a letter or digit", false;
	return true;
}

static bool more_ecr_repository(const char *s, size_t n, const char **why)
{
	(void)n;
	if (!alnum_ends(s, true) || strstr(s, "//"))
		return *why = "it must start and end with a letter or digit", false;
	return true;
}

static bool more_ssm_parameter(const char *s, size_t n, const char **why)
{
	(void)n;
	if (strchr(s, '/') && s[0] != '/')
		return *why = "a hierarchical name starts with `/`", false;
	if (str_has_prefix(s, "/aws") || str_has_prefix(s, "aws") || str_has_prefix(s, "/ssm") || str_has_prefix(s, "ssm"))
		return *why = "names starting with `aws` or `ssm` are reserved", false;
	return true;
}

/* RDS instance and ElastiCache replication group identifiers. */
static bool more_identifier(const char *s, size_t n, const char **why)
{
	if (!isalpha((unsigned char)s[0]))
		return *why = "only letters, digits and `-` are allowed, starting with a letter", false;
	if (s[n - 1] == '-' || strstr(s, "--"))
		return *why = "it cannot end with `-` or hold `--`", false;
	return true;
}

static bool more_aws_account(const char *s, size_t n, const char **why)
{
	if (n != 12 || strspn(s, "0123456789") != 12)
		return *why = "an AWS account id is exactly 12 digits", false;
	return true;
}

/* ll-name-N or ll-gov-name-N */
static bool more_aws_region(const char *s, size_t n, const char **why)
{
	(void)n;
	const char *p = s;
	if (!(islower((unsigned char)p[0]) && islower((unsigned char)p[1]) && p[2] == '-'))
		return *why = "a region looks like `us-west-2`", false;
	p += 3;
	if (str_has_prefix(p, "gov-"))
		p += 4;
	size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyz");
	if (w == 0 || p[w] != '-' || !isdigit((unsigned char)p[w + 1]) || p[w + 2])
		return *why = "a region looks like `us-west-2`", false;
	return true;
}

static bool more_github_repo(const char *s, size_t n, const char **why)
{
	(void)n;
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || strchr(slash + 1, '/'))
		return *why = "a repository is written `owner/name`", false;
	if (!all_chars(s, "-_./", false))
		return *why = "only letters, digits and `-_.` are allowed around the `/`", false;
	return true;
}

static bool more_security_group(const char *s, size_t n, const char **why)
{
	(void)n;
	if (str_has_prefix(s, "sg-"))
		return *why = "names starting with `sg-` are reserved", false;
	return true;
}

/* [data.]TYPE.NAME, optionally indexed: aws_sqs_queue.jobs["a"] */
static bool more_tf_address(const char *s, size_t n, const char **why)
{
	const char *p = strncmp(s, "data.", 5) == 0 ? s + 5 : s;
	const char *dot = strchr(p, '.');
	size_t tl = dot ? (size_t)(dot - p) : 0;
	bool ok = dot && tl > 0 && (isalpha((unsigned char)p[0]) || p[0] == '_') && dot[1] &&
		  (isalpha((unsigned char)dot[1]) || dot[1] == '_');
	for (size_t i = 0; ok && i < tl; i++)
		ok = isalnum((unsigned char)p[i]) || p[i] == '_';
	const char *q = dot ? dot + 1 : p;
	while (ok && *q && *q != '[')
		ok = isalnum((unsigned char)*q) || *q == '_' || *q == '-', q++;
	if (ok && *q == '[')
		ok = s[n - 1] == ']' && q[1] != ']';
	if (!ok)
		return *why = "a Terraform address is TYPE.NAME, such as aws_sqs_queue.jobs, or data.TYPE.NAME", false;
	return true;
}

static bool more_tf_identifier(const char *s, size_t n, const char **why)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_') || !all_chars(s, "_-", false))
		return *why = "Terraform names start with a letter or `_` and hold letters, digits, `_` and `-`", false;
	return true;
}

/* One row per rule, checked in this order: the length (when length_why
 * is set), the characters (letters, digits and `extra`; lower-case
 * letters only with `lower`; when chars_why is set), then what the rule
 * adds. */
static const struct {
	const char *rule;
	size_t min, max;
	const char *length_why;
	const char *extra;
	bool lower;
	const char *chars_why;
	bool (*more)(const char *s, size_t n, const char **why);
} rules[] = {
	{"dns_label", 0, 0, NULL, NULL, false, NULL, more_dns_label},
	{"dns_subdomain", 0, 0, NULL, NULL, false, NULL, more_dns_subdomain},
	{"s3_bucket", 3, 63, "bucket names are 3 to 63 characters", "-.", true,
	 "only lower-case letters, digits, `.` and `-` are allowed", more_s3_bucket},
	{"iam_role", 1, 64, "IAM role and user names are 1 to 64 characters", "+=,.@_-", false,
	 "only letters, digits and `+=,.@_-` are allowed", NULL},
	{"iam_user", 1, 64, "IAM role and user names are 1 to 64 characters", "+=,.@_-", false,
	 "only letters, digits and `+=,.@_-` are allowed", NULL},
	{"iam_policy", 1, 128, "IAM policy names are 1 to 128 characters", "+=,.@_-", false,
	 "only letters, digits and `+=,.@_-` are allowed", NULL},
	{"k8s_label_key", 0, 0, NULL, NULL, false, NULL, more_k8s_label_key},
	{"k8s_label_value", 0, 63, "label values are at most 63 characters", "-_.", false,
	 "label values use letters, digits, `-`, `_` and `.`, and start and end with a letter or digit",
	 more_k8s_label_value},
	{"eks_cluster", 1, 100, "cluster names are 1 to 100 characters", "-_", false,
	 "only letters, digits, `-` and `_` are allowed, starting with a letter or digit", more_eks_cluster},
	{"ecr_repository", 2, 256, "repository names are 2 to 256 characters", "-_./", true,
	 "only lower-case letters, digits, `-`, `_`, `.` and `/` are allowed", more_ecr_repository},
	{"ssm_parameter", 1, 2048, "parameter names are 1 to 2048 characters", "_.-/", false,
	 "only letters, digits and `_.-/` are allowed", more_ssm_parameter},
	{"secret", 1, 512, "secret names are 1 to 512 characters", "/_+=.@-", false,
	 "only letters, digits and `/_+=.@-` are allowed", NULL},
	{"log_group", 1, 512, "log group names are 1 to 512 characters", "._-/#", false,
	 "only letters, digits and `._-/#` are allowed", NULL},
	{"rds_identifier", 1, 63, "identifiers are 1 to 63 characters", "-", false,
	 "only letters, digits and `-` are allowed, starting with a letter", more_identifier},
	{"elasticache_id", 1, 40, "identifiers are 1 to 40 characters", "-", false,
	 "only letters, digits and `-` are allowed, starting with a letter", more_identifier},
	{"aws_account", 0, 0, NULL, NULL, false, NULL, more_aws_account},
	{"aws_region", 0, 0, NULL, NULL, false, NULL, more_aws_region},
	{"github_repo", 0, 0, NULL, NULL, false, NULL, more_github_repo},
	{"security_group", 1, 255, "security group names are 1 to 255 characters", NULL, false, NULL,
	 more_security_group},
	{"tf_address", 0, 0, NULL, NULL, false, NULL, more_tf_address},
	{"tf_identifier", 0, 0, NULL, NULL, false, NULL, more_tf_identifier},
};

bool name_rule_check(const char *rule, const char *s, const char **why)
{
	size_t n = strlen(s);
	*why = "";
	for (size_t i = 0; i < COUNT_OF(rules); i++) {
		if (strcmp(rules[i].rule, rule) != 0)
			continue;
		if (rules[i].length_why && (n < rules[i].min || n > rules[i].max))
			return *why = rules[i].length_why, false;
		if (rules[i].chars_why && !all_chars(s, rules[i].extra, rules[i].lower))
			return *why = rules[i].chars_why, false;
		return !rules[i].more || rules[i].more(s, n, why);
	}
	*why = "unknown rule";
	return false;
}
