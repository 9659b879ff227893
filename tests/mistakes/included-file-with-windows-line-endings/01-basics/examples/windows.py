def hello():
    return 'hi'
