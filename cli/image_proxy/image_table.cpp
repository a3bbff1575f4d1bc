#include "image_proxy/image_table.hpp"

namespace ferry::cli::image_proxy {

uint32_t ImageTable::add(std::shared_ptr<OpenedImage> image) {
  images_[++last_id_] = std::move(image);
  return last_id_;
}

std::shared_ptr<OpenedImage> ImageTable::find(uint32_t id) const {
  auto it = images_.find(id);
  return it == images_.end() ? nullptr : it->second;
}

}  // namespace ferry::cli::image_proxy
