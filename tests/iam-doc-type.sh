# iam-doc-type.sh: sourced by the scripts that validate IAM documents.
# iam_doc_type FILE prints the --type validate-iam takes for a file infrac
# wrote in iam/: trust for *.trust.json and *-trust.json, resource for
# *.bucket.json and *.key.json; the policies of Terraform resources
# (iam/aws_TYPE-NAME.ATTR.json) by their type: assume_role_policy is
# trust, those of aws_iam_* and aws_ssoadmin_* identity, the others
# resource; identity otherwise.
iam_doc_type() {
	case $1 in
	*.trust.json|*-trust.json|*.assume_role_policy.json) echo trust ;;
	*.bucket.json|*.key.json) echo resource ;;
	*/iam/aws_iam_*|*/iam/aws_ssoadmin_*) echo identity ;;
	*/iam/aws_*) echo resource ;;
	*) echo identity ;;
	esac
}
