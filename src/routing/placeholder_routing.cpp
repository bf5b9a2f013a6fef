// placeholder translation unit; replaced as the layer lands
