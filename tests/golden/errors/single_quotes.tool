slot cuisine = '川菜' | '粤菜'
