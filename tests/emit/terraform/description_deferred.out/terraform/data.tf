resource "aws_kms_key" "a" {
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "a" {
  name          = "alias/a"
  target_key_id = aws_kms_key.a.key_id
}

resource "aws_kms_key" "b" {
  description             = "encrypts what ${aws_kms_key.a.key_id} does not"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "b" {
  name          = "alias/b"
  target_key_id = aws_kms_key.b.key_id
}
