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

bool name_rule_check(const char *rule, const char *s, const char **why)
{
	size_t n = strlen(s);
	*why = "";
	if (strcmp(rule, "dns_label") == 0)
		return dns_label(s, 63, why);
	if (strcmp(rule, "dns_subdomain") == 0)
		return dns_subdomain(s, why);
	if (strcmp(rule, "s3_bucket") == 0) {
		if (n < 3 || n > 63)
			return *why = "bucket names are 3 to 63 characters", false;
		if (!all_chars(s, "-.", true))
			return *why = "only lower-case letters, digits, `.` and `-` are allowed", false;
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
	if (strcmp(rule, "iam_role") == 0 || strcmp(rule, "iam_user") == 0 || strcmp(rule, "iam_policy") == 0) {
		size_t max = rule[4] == 'p' ? 128 : 64;
		if (n == 0 || n > max)
			return *why = max == 64 ? "IAM role and user names are 1 to 64 characters"
						: "IAM policy names are 1 to 128 characters", false;
		if (!all_chars(s, "+=,.@_-", false))
			return *why = "only letters, digits and `+=,.@_-` are allowed", false;
		return true;
	}
	if (strcmp(rule, "k8s_label_key") == 0) {
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
	if (strcmp(rule, "k8s_label_value") == 0) {
		if (n == 0)
			return true;
		if (n > 63)
			return *why = "label values are at most 63 characters", false;
		if (!all_chars(s, "-_.", false) || !alnum_ends(s, false))
			return *why = "label values use letters, digits, `-`, `_` and `.`, and start and end with a "
				      "letter or digit", false;
		return true;
	}
	if (strcmp(rule, "eks_cluster") == 0) {
		if (n == 0 || n > 100)
			return *why = "cluster names are 1 to 100 characters", false;
		if (!all_chars(s, "-_", false) || !isalnum((unsigned char)s[0]))
			return *why = "only letters, digits, `-` and `_` are allowed, starting with a letter or digit",
			       false;
		return true;
	}
	if (strcmp(rule, "ecr_repository") == 0) {
		if (n < 2 || n > 256)
			return *why = "repository names are 2 to 256 characters", false;
		if (!all_chars(s, "-_./", true))
			return *why = "only lower-case letters, digits, `-`, `_`, `.` and `/` are allowed", false;
		if (!alnum_ends(s, true) || strstr(s, "//"))
			return *why = "it must start and end with a letter or digit", false;
		return true;
	}
	if (strcmp(rule, "ssm_parameter") == 0) {
		if (n == 0 || n > 2048)
			return *why = "parameter names are 1 to 2048 characters", false;
		if (!all_chars(s, "_.-/", false))
			return *why = "only letters, digits and `_.-/` are allowed", false;
		if (strchr(s, '/') && s[0] != '/')
			return *why = "a hierarchical name starts with `/`", false;
		if (str_has_prefix(s, "/aws") || str_has_prefix(s, "aws") || str_has_prefix(s, "/ssm") ||
		    str_has_prefix(s, "ssm"))
			return *why = "names starting with `aws` or `ssm` are reserved", false;
		return true;
	}
	if (strcmp(rule, "secret") == 0) {
		if (n == 0 || n > 512)
			return *why = "secret names are 1 to 512 characters", false;
		if (!all_chars(s, "/_+=.@-", false))
			return *why = "only letters, digits and `/_+=.@-` are allowed", false;
		return true;
	}
	if (strcmp(rule, "log_group") == 0) {
		if (n == 0 || n > 512)
			return *why = "log group names are 1 to 512 characters", false;
		if (!all_chars(s, "._-/#", false))
			return *why = "only letters, digits and `._-/#` are allowed", false;
		return true;
	}
	if (strcmp(rule, "rds_identifier") == 0 || strcmp(rule, "elasticache_id") == 0) {
		size_t max = rule[0] == 'r' ? 63 : 40;
		if (n == 0 || n > max)
			return *why = max == 63 ? "identifiers are 1 to 63 characters" : "identifiers are 1 to 40 characters",
			       false;
		if (!all_chars(s, "-", false) || !isalpha((unsigned char)s[0]))
			return *why = "only letters, digits and `-` are allowed, starting with a letter", false;
		if (s[n - 1] == '-' || strstr(s, "--"))
			return *why = "it cannot end with `-` or hold `--`", false;
		return true;
	}
	if (strcmp(rule, "aws_account") == 0) {
		if (n != 12 || !all_chars(s, "", true) || strspn(s, "0123456789") != 12)
			return *why = "an AWS account id is exactly 12 digits", false;
		return true;
	}
	if (strcmp(rule, "aws_region") == 0) {
		/* ll-name-N or ll-gov-name-N */
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
	if (strcmp(rule, "github_repo") == 0) {
		const char *slash = strchr(s, '/');
		if (!slash || slash == s || !slash[1] || strchr(slash + 1, '/'))
			return *why = "a repository is written `owner/name`", false;
		if (!all_chars(s, "-_./", false))
			return *why = "only letters, digits and `-_.` are allowed around the `/`", false;
		return true;
	}
	if (strcmp(rule, "security_group") == 0) {
		if (n == 0 || n > 255)
			return *why = "security group names are 1 to 255 characters", false;
		if (str_has_prefix(s, "sg-"))
			return *why = "names starting with `sg-` are reserved", false;
		return true;
	}
	if (strcmp(rule, "tf_address") == 0) {
		/* [data.]TYPE.NAME, optionally indexed: aws_sqs_queue.jobs["a"] */
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
	if (strcmp(rule, "tf_identifier") == 0) {
		if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_') || !all_chars(s, "_-", false))
			return *why = "Terraform names start with a letter or `_` and hold letters, digits, `_` and `-`",
			       false;
		return true;
	}
	*why = "unknown rule";
	return false;
}
