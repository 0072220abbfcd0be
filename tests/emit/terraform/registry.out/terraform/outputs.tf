output "repository_api_url" {
  value = aws_ecr_repository.api.repository_url
}

output "repository_jobs_url" {
  value = aws_ecr_repository.jobs.repository_url
}

output "api_url" {
  value = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api"
}
