# expect: exit 1: g12_empty_file.feature
