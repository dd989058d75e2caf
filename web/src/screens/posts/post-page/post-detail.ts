import { useQueryClient } from '@tanstack/react-query';
import { type Schemas } from '../../../api/client';

export type PostDetail = Schemas['PostDetailDto'];

export function useRefreshPost(id: string) {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: ['post', id] });
    void client.invalidateQueries({ queryKey: ['posts'] });
    void client.invalidateQueries({ queryKey: ['review-queue'] });
    void client.invalidateQueries({ queryKey: ['comments', id] });
    void client.invalidateQueries({ queryKey: ['reviews', id] });
  };
}
