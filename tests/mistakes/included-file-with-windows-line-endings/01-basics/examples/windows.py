def hello():
    return "hi"
