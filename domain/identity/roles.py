ROLES = ("pending", "user", "admin")
ADMIN = "admin"
